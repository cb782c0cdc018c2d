export function decodeString(s: string): string {
  // Recursive descent. decode() reads from the shared position `i` until the
  // end of the string or an unmatched ']'. On "k[" it recurses for the
  // bracketed part, then skips the ']'.
  let i = 0;
  const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
  const decode = (): string => {
    let out = '';
    while (i < s.length && s[i] !== ']') {
      if (isDigit(s[i])) {
        let count = 0;
        while (isDigit(s[i])) {
          count = count * 10 + Number(s[i]);
          i++;
        }
        i++; // skip '['
        const inner = decode();
        out += inner.repeat(count);
        i++; // skip ']'
      } else {
        out += s[i];
        i++;
      }
    }
    return out;
  };
  return decode();
}
