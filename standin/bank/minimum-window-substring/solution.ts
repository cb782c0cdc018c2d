export function minWindow(s: string, t: string): string {
  // need[c] = how many more copies of c the window still lacks (negative
  // means surplus). missing = total copies still lacking. Extend the window
  // to the right; whenever nothing is missing, shrink from the left while
  // the window stays valid, and record it if it is the shortest so far.
  // Recording only strictly shorter windows keeps the leftmost one on ties.
  const need = new Map<string, number>();
  for (const char of t) need.set(char, (need.get(char) ?? 0) + 1);
  let missing = t.length;
  let bestStart = 0;
  let bestLen = -1;
  let left = 0;
  for (let right = 0; right < s.length; right++) {
    const char = s[right];
    const count = need.get(char) ?? 0;
    if (count > 0) missing--;
    need.set(char, count - 1);
    if (missing === 0) {
      // Drop surplus characters from the left edge.
      while ((need.get(s[left]) ?? 0) < 0) {
        need.set(s[left], (need.get(s[left]) ?? 0) + 1);
        left++;
      }
      if (bestLen === -1 || right - left + 1 < bestLen) {
        bestStart = left;
        bestLen = right - left + 1;
      }
      // Give up the required left character and keep searching.
      need.set(s[left], (need.get(s[left]) ?? 0) + 1);
      missing++;
      left++;
    }
  }
  return bestLen === -1 ? '' : s.slice(bestStart, bestStart + bestLen);
}
