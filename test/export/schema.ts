// The documented line schema of the export, checked field by field (names and JSON types from lineFields).
import { lineFields, type ExportFormat } from '../../src/export/index.ts';

export type Line = Record<string, unknown>;

/** Checks a line against the documented fields and their JSON types; returns what is wrong. */
export function schemaProblems(line: Line, format: ExportFormat): string[] {
  const fields: Record<string, string> = { ...lineFields.common, ...lineFields[format] };
  const problems: string[] = [];
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  for (const [name, type] of Object.entries(fields)) {
    if (!(name in line)) problems.push(`missing ${name}`);
    else if (!type.split('|').includes(typeOf(line[name]))) problems.push(`${name} is ${typeOf(line[name])}, documented ${type}`);
  }
  for (const name of Object.keys(line)) if (!(name in fields)) problems.push(`undocumented ${name}`);
  if (format !== 'raw') {
    for (const m of line.messages as { role: unknown; content: unknown }[]) {
      if ((m.role !== 'user' && m.role !== 'assistant') || typeof m.content !== 'string' || Object.keys(m).length !== 2) problems.push(`message ${JSON.stringify(m).slice(0, 80)}`);
    }
  }
  if (line.split !== 'train' && line.split !== 'validation') problems.push(`split ${String(line.split)}`);
  return problems;
}

