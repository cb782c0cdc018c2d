export function lengthOfLongestSubstring(s: string): number {
  // Sliding window [start, i] that never contains a repeated character.
  // lastSeen maps a character to its latest index. When s[i] was seen inside
  // the current window, move start just past that earlier occurrence. The
  // Math.max matters: an occurrence before start must not move start backwards.
  const lastSeen = new Map<string, number>();
  let start = 0;
  let best = 0;
  for (let i = 0; i < s.length; i++) {
    const previous = lastSeen.get(s[i]);
    if (previous !== undefined) {
      start = Math.max(start, previous + 1);
    }
    lastSeen.set(s[i], i);
    best = Math.max(best, i - start + 1);
  }
  return best;
}
