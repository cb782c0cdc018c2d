// Where an error happened, in the files as the model wrote them. The JavaScript that runs was transpiled on the
// host (TypeScript, or ES modules made CommonJS) and lines moved; the source maps it came with map them back.
// Node applies no source map to code compiled through `vm`, so this reads the maps itself (v3, VLQ mappings).

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Generated line (0-based) -> [[generated column, original line, original column], ...], all 0-based. */
export function decodeMap(text) {
  const lines = [];
  if (!text) return lines;
  let originalLine = 0;
  let originalColumn = 0;
  for (const group of (JSON.parse(text).mappings ?? '').split(';')) {
    const segments = [];
    let column = 0;
    for (const segment of group.split(',')) {
      if (segment === '') continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0] ?? 0;
      if (values.length >= 4) {
        originalLine += values[2];
        originalColumn += values[3];
        segments.push([column, originalLine, originalColumn]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

/**
 * A function mapping stack text: `solution.ts:12:5` in the running code becomes the original's line and
 * column. `files` maps each display name (as the code was compiled under) to its decoded map.
 */
export function stackMapper(files) {
  const original = (map, line, column) => {
    const segments = map[line - 1];
    if (!segments || segments.length === 0) return [line, column];
    let best = segments[0];
    for (const s of segments) if (s[0] <= column - 1) best = s;
    return [best[1] + 1, best[2] + 1];
  };
  return (text) => {
    let out = String(text);
    for (const [name, map] of Object.entries(files)) {
      if (map.length === 0) continue;
      out = out.split(`${name}:`).map((part, i) => {
        const m = i === 0 ? null : /^(\d+):(\d+)/.exec(part);
        if (!m) return part;
        const [line, column] = original(map, Number(m[1]), Number(m[2]));
        return `${line}:${column}${part.slice(m[0].length)}`;
      }).join(`${name}:`);
    }
    return out;
  };
}
