import heapq


def network_delay_time(times: list[list[int]], n: int, k: int) -> int:
    # Dijkstra: repeatedly settle the unsettled node with the smallest known
    # arrival time; its time is final because all delays are non-negative.
    # Stale heap entries (a node already settled) are skipped.
    links: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
    for u, v, w in times:
        links[u].append((v, w))
    arrival: dict[int, int] = {}
    heap = [(0, k)]
    while heap:
        time, node = heapq.heappop(heap)
        if node in arrival:
            continue
        arrival[node] = time
        for nxt, delay in links[node]:
            if nxt not in arrival:
                heapq.heappush(heap, (time + delay, nxt))
    # Nodes are settled in increasing time, so the last one settled is the max.
    return max(arrival.values()) if len(arrival) == n else -1
