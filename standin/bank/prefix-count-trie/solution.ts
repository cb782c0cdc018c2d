export function countPrefixes(words: string[], queries: string[]): number[] {
  // Trie stored as parallel arrays: children[node] maps a letter to a child
  // node and passing[node] counts the words whose path goes through node.
  // The root (node 0) is passed by every word, which answers ''.
  const children: Array<Map<string, number>> = [new Map()];
  const passing: number[] = [0];
  for (const word of words) {
    let node = 0;
    passing[node]++;
    for (const letter of word) {
      let child = children[node].get(letter);
      if (child === undefined) {
        child = children.length;
        children[node].set(letter, child);
        children.push(new Map());
        passing.push(0);
      }
      node = child;
      passing[node]++;
    }
  }

  return queries.map((query) => {
    let node: number | undefined = 0;
    for (const letter of query) {
      node = children[node].get(letter);
      if (node === undefined) return 0;
    }
    return passing[node];
  });
}
