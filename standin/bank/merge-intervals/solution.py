def merge_intervals(intervals: list[list[int]]) -> list[list[int]]:
    # After sorting by start, overlapping intervals are adjacent, so one sweep
    # suffices: either extend the last merged interval or start a new one.
    merged: list[list[int]] = []
    for start, end in sorted(intervals, key=lambda iv: iv[0]):
        if merged and start <= merged[-1][1]:
            # Overlaps (or touches) the previous interval: extend its end.
            merged[-1][1] = max(merged[-1][1], end)
        else:
            # Copy so the caller's lists are never mutated.
            merged.append([start, end])
    return merged
