def find_kth_largest(nums: list[int], k: int) -> int:
    # Keep a min-heap holding the k largest values seen so far. Its root is
    # the smallest of them, i.e. the k-th largest overall once every value
    # has been offered. Each push/replace costs O(log k).
    heap: list[int] = []
    for value in nums:
        if len(heap) < k:
            heapq.heappush(heap, value)
        elif value > heap[0]:
            heapq.heapreplace(heap, value)
    return heap[0]
