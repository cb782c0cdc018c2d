export function middleNodeValue(values: number[], nextIndex: number[], head: number): number {
  // Slow moves one link per round, fast moves two. When fast cannot make a
  // full double step any more, slow has covered half of the list: for an odd
  // length it sits on the middle, for an even length on the second middle.
  let slow = head;
  let fast = head;
  while (fast !== -1 && nextIndex[fast] !== -1) {
    slow = nextIndex[slow];
    fast = nextIndex[nextIndex[fast]];
  }
  return values[slow];
}
