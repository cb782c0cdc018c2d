def combine_ranges(ranges: list[list[int]]) -> list[list[int]]:
    # Sort by start so that any ranges that overlap end up next to each other,
    # then sweep once, growing the current range while the next one overlaps.
    result: list[list[int]] = []
    for start, end in sorted(ranges):
        if result and start <= result[-1][1]:
            result[-1][1] = max(result[-1][1], end)
        else:
            # New list object: the caller's ranges are left untouched.
            result.append([start, end])
    return result
