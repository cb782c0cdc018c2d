export function longestCommonPrefix(words: string[]): string {
  // The common prefix cannot be longer than the shortest word. Walk the
  // positions of the shortest word and stop at the first position where
  // some word has a different character.
  if (words.length === 0) {
    return '';
  }
  const shortest = words.reduce((a, b) => (b.length < a.length ? b : a));
  for (let position = 0; position < shortest.length; position++) {
    if (words.some((word) => word[position] !== shortest[position])) {
      return shortest.slice(0, position);
    }
  }
  return shortest;
}
