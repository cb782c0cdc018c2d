def digit_square_sum(n: int) -> int:
    # Sum of the squares of the decimal digits of n.
    total = 0
    while n > 0:
        n, digit = divmod(n, 10)
        total += digit * digit
    return total


def is_happy(n: int) -> bool:
    # Keep replacing n by the sum of the squares of its digits until we get 1.
    while n != 1:
        n = digit_square_sum(n)
    return True
