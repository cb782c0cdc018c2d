// A minimal binary min-heap stored in an array: the children of index i
// live at 2i + 1 and 2i + 2, and every parent is <= its children.
function siftUp(heap: number[], index: number): void {
  while (index > 0) {
    const parent = (index - 1) >> 1;
    if (heap[parent] <= heap[index]) {
      return;
    }
    [heap[parent], heap[index]] = [heap[index], heap[parent]];
    index = parent;
  }
}

export function findKthLargest(nums: number[], k: number): number {
  // Keep a min-heap holding the k largest values seen so far. Its root is
  // the smallest of them, i.e. the k-th largest overall once every value
  // has been offered. Each push/replace costs O(log k).
  const heap: number[] = [];
  for (const value of nums) {
    if (heap.length < k) {
      heap.push(value);
      siftUp(heap, heap.length - 1);
    } else if (value > heap[0]) {
      heap[0] = value;
      siftDown(heap, 0);
    }
  }
  return heap[0];
}
