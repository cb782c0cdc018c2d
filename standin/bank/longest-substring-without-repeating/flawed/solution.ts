export function lengthOfLongestSubstring(s: string): number {
  // Sliding window [start, i] that never contains a repeated character.
  // lastSeen maps a character to its latest index. When s[i] was seen
  // before, move start just past that earlier occurrence.
  const lastSeen = new Map<string, number>();
  let start = 0;
  let best = 0;
  for (let i = 0; i < s.length; i++) {
    const previous = lastSeen.get(s[i]);
    if (previous !== undefined) {
      start = previous + 1;
    }
    lastSeen.set(s[i], i);
    best = Math.max(best, i - start + 1);
  }
  return best;
}
