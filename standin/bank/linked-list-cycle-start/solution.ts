export function cycleStart(nextIndex: number[], head: number): number {
  // Floyd's algorithm. Phase 1: slow moves 1 step, fast moves 2, both from
  // head; they meet inside the loop iff there is one. Phase 2: with both
  // pointers having started at head, the distance from head to the loop
  // start equals the distance from the meeting point to the loop start
  // (modulo the loop length), so walking one pointer from head and one from
  // the meeting point, one step at a time, they meet exactly at the start.
  let slow = head;
  let fast = head;
  while (fast !== -1 && nextIndex[fast] !== -1) {
    slow = nextIndex[slow];
    fast = nextIndex[nextIndex[fast]];
    if (slow === fast) {
      let finder = head;
      while (finder !== slow) {
        finder = nextIndex[finder];
        slow = nextIndex[slow];
      }
      return finder;
    }
  }
  return -1;
}
