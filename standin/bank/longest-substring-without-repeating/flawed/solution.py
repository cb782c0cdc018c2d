def length_of_longest_substring(s: str) -> int:
    # Sliding window [start, i] that never contains a repeated character.
    # last_seen maps a character to its latest index. When s[i] was seen
    # before, move start just past that earlier occurrence.
    last_seen: dict[str, int] = {}
    start = 0
    best = 0
    for i, ch in enumerate(s):
        if ch in last_seen:
            start = last_seen[ch] + 1
        last_seen[ch] = i
        best = max(best, i - start + 1)
    return best
