from collections import Counter


def min_window(s: str, t: str) -> str:
    # need[c] = how many more copies of c the window still lacks (negative
    # means surplus). missing = total copies still lacking. Extend the window
    # to the right; whenever nothing is missing, shrink from the left while
    # the window stays valid, and record it if it is the shortest so far.
    # Recording only strictly shorter windows keeps the leftmost one on ties.
    need = Counter(t)
    missing = len(t)
    best_start, best_len = 0, -1
    left = 0
    for right, char in enumerate(s):
        if need[char] > 0:
            missing -= 1
        need[char] -= 1
        if missing == 0:
            # Drop surplus characters from the left edge.
            while need[s[left]] < 0:
                need[s[left]] += 1
                left += 1
            if best_len == -1 or right - left + 1 < best_len:
                best_start, best_len = left, right - left + 1
            # Give up the required left character and keep searching.
            need[s[left]] += 1
            missing += 1
            left += 1
    return "" if best_len == -1 else s[best_start:best_start + best_len]
