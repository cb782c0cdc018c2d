def largest_rectangle_area(heights: list[int]) -> int:
    # For every bar, grow a rectangle of its height to the right for as long
    # as the following bars are at least as tall, and keep the best area.
    best = 0
    for i, height in enumerate(heights):
        width = 1
        while i + width < len(heights) and heights[i + width] >= height:
            width += 1
        best = max(best, height * width)
    return best
