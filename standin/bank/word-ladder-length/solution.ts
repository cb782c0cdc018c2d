export function ladderLength(beginWord: string, endWord: string, wordList: string[]): number {
  // Words are nodes; two words are adjacent when they share a wildcard
  // pattern (the word with one position replaced by '*'). BFS from
  // beginWord finds the shortest ladder; the distance counts words.
  if (!wordList.includes(endWord)) {
    return 0;
  }
  const patternOf = (word: string, i: number): string => word.slice(0, i) + '*' + word.slice(i + 1);
  const buckets = new Map<string, string[]>();
  for (const word of wordList) {
    for (let i = 0; i < word.length; i++) {
      const pattern = patternOf(word, i);
      const bucket = buckets.get(pattern);
      if (bucket === undefined) buckets.set(pattern, [word]);
      else bucket.push(word);
    }
  }
  const visited = new Set<string>([beginWord]);
  const queue: Array<[string, number]> = [[beginWord, 1]];
  for (let head = 0; head < queue.length; head++) {
    const [word, length] = queue[head];
    for (let i = 0; i < word.length; i++) {
      const pattern = patternOf(word, i);
      for (const neighbour of buckets.get(pattern) ?? []) {
        if (neighbour === endWord) return length + 1;
        if (!visited.has(neighbour)) {
          visited.add(neighbour);
          queue.push([neighbour, length + 1]);
        }
      }
      // Every word in this bucket has been queued; never scan it again.
      buckets.delete(pattern);
    }
  }
  return 0;
}
