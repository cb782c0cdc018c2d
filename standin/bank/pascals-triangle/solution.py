def generate_pascal(num_rows: int) -> list[list[int]]:
    # Build row by row: each new row is 1, the pairwise sums of the previous
    # row's neighbours, and 1 again.
    rows: list[list[int]] = []
    for r in range(num_rows):
        if r == 0:
            rows.append([1])
            continue
        previous = rows[-1]
        inner = [previous[k] + previous[k + 1] for k in range(len(previous) - 1)]
        rows.append([1] + inner + [1])
    return rows
