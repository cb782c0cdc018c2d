def digit_square_sum(n: int) -> int:
    # Sum of the squares of the decimal digits of n.
    total = 0
    while n > 0:
        n, digit = divmod(n, 10)
        total += digit * digit
    return total


def is_happy(n: int) -> bool:
    # The sequence either reaches 1 or repeats a value (for n >= 1000 the next
    # value is smaller, so it ends up in a bounded range and must repeat).
    # Remember every value seen; a repeat before reaching 1 means a cycle.
    seen: set[int] = set()
    while n != 1 and n not in seen:
        seen.add(n)
        n = digit_square_sum(n)
    return n == 1
