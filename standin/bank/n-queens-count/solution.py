def total_n_queens(n: int) -> int:
    # Place queens row by row. Three bitmasks record which columns and which
    # diagonals are attacked by the queens placed so far. Moving to the next
    # row shifts the diagonal masks by one column in their direction.
    full = (1 << n) - 1

    def place(columns: int, diag_down: int, diag_up: int) -> int:
        if columns == full:
            return 1  # a queen in every column means every row is filled
        count = 0
        free = full & ~(columns | diag_down | diag_up)
        while free:
            bit = free & -free  # lowest free square in this row
            free ^= bit
            count += place(columns | bit, ((diag_down | bit) << 1) & full, (diag_up | bit) >> 1)
        return count

    return place(0, 0, 0)
