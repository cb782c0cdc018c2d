export function editDistance(word1: string, word2: string): number {
  // dist[i][j] = edits to turn word1[:i] into word2[:j]. The last step is
  // either a delete (dist[i-1][j] + 1), an insert (dist[i][j-1] + 1) or a
  // replace/keep (dist[i-1][j-1] + (characters differ)). Row i only needs
  // row i - 1, so two rows suffice.
  const m = word1.length;
  const n = word2.length;
  let previous = Array.from({ length: n + 1 }, (_, j) => j); // j inserts
  for (let i = 1; i <= m; i++) {
    const current = new Array<number>(n + 1).fill(0);
    current[0] = i; // i deletes
    for (let j = 1; j <= n; j++ {
      const substitute = previous[j - 1] + (word1[i - 1] !== word2[j - 1] ? 1 : 0);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitute);
    }
    previous = current;
  }
  return previous[n];
}
