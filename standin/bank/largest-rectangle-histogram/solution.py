def largest_rectangle_area(heights: list[int]) -> int:
    # Keep a stack of indices with increasing heights. When a lower bar
    # arrives at index i, every taller bar on the stack has found its right
    # limit (i) and its left limit (the index below it on the stack), so its
    # widest rectangle can be measured and the bar popped. A final sentinel
    # bar of height 0 flushes whatever remains on the stack.
    stack: list[int] = []
    best = 0
    for i, height in enumerate(heights + [0]):
        while stack and heights[stack[-1]] >= height:
            top = stack.pop()
            left = stack[-1] + 1 if stack else 0
            best = max(best, heights[top] * (i - left))
        stack.append(i)
    return best
