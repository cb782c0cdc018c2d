const VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

export function romanToInt(s: string): number {
  // Scan left to right. A symbol is subtracted exactly when the symbol after
  // it is worth more (the subtractive pairs IV, IX, XL, XC, CD, CM);
  // otherwise it is added.
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const value = VALUES[s[i]];
    if (i + 1 < s.length && value < VALUES[s[i + 1]]) {
      total -= value;
    } else {
      total += value;
    }
  }
  return total;
}
