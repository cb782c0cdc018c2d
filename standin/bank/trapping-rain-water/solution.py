def trap(height: list[int]) -> int:
    # Two pointers move inwards. Water above a bar is limited by the lower of
    # the two side maxima. If left_max < right_max, the bar at `left` is
    # bounded by left_max (something at least as tall exists on the right),
    # so its water is known exactly; symmetrically for the right side.
    left, right = 0, len(height) - 1
    left_max = right_max = 0
    water = 0
    while left <= right:
        if left_max <= right_max:
            left_max = max(left_max, height[left])
            water += left_max - height[left]  # never negative: max includes the bar
            left += 1
        else:
            right_max = max(right_max, height[right])
            water += right_max - height[right]
            right -= 1
    return water
