from collections import Counter


def first_unique_char(s: str) -> int:
    # Two passes: count every letter once, then return the first position
    # whose letter has a count of exactly one. O(n) time, O(1) extra space
    # (at most 26 distinct letters).
    counts = Counter(s)
    for index, char in enumerate(s):
        if counts[char] == 1:
            return index
    return -1
