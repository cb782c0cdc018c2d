def trap(height: list[int]) -> int:
    # Water above bar i is min(tallest bar left of i, tallest bar right of i)
    # minus the bar's own height. Precompute both maxima, then sum.
    n = len(height)
    if n < 3:
        return 0
    left_max = [0] * n
    right_max = [0] * n
    left_max[0] = height[0]
    for i in range(1, n):
        left_max[i] = max(left_max[i - 1], height[i])
    right_max[n - 1] = height[n - 1]
    for i in range(n - 2, -1, -1):
        right_max[i] = max(right_max[i + 1], height[i])
    water = 0
    for i in range(1, n - 1):
        water += min(left_max[i - 1], right_max[i + 1]) - height[i]
    return water
