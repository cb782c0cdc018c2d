export function firstUniqueChar(s: string): number {
  // Two passes: count every letter once, then return the first position
  // whose letter has a count of exactly one. O(n) time, O(1) extra space
  // (at most 26 distinct letters).
  const counts = new Map<string, number>();
  for (const char of s) {
    counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  for (let index = 0; index < s.length; index++) {
    if (counts.get(s[index]) === 1) {
      return index;
    }
  }
  return -1;
}
