import heapq


def find_order(num_courses: int, prerequisites: list[list[int]]) -> list[int]:
    # Kahn's algorithm: a course becomes available once all its prerequisites
    # are taken (in-degree 0). A min-heap of available courses makes us always
    # take the smallest number first. If some course is never freed, the
    # remaining courses form a cycle and there is no valid order.
    unlocks = defaultdict(list)
    indegree = [0] * num_courses
    for course, before in prerequisites:
        unlocks[before].append(course)
        indegree[course] += 1
    available = [c for c in range(num_courses) if indegree[c] == 0]
    heapq.heapify(available)
    order: list[int] = []
    while available:
        course = heapq.heappop(available)
        order.append(course)
        for nxt in unlocks[course]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                heapq.heappush(available, nxt)
    return order if len(order) == num_courses else []
