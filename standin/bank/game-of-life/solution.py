def game_of_life_step(board: list[list[int]]) -> list[list[int]]:
    # Every cell's next state depends only on the current board, so read from
    # `board` and write into a fresh grid; updating in place would let
    # already-updated cells leak into their neighbours' counts.
    rows, cols = len(board), len(board[0])
    result = [[0] * cols for _ in range(rows)]
    for r in range(rows):
        for c in range(cols):
            live = 0
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    nr, nc = r + dr, c + dc
                    if (dr or dc) and 0 <= nr < rows and 0 <= nc < cols:
                        live += board[nr][nc]
            if live == 3 or (live == 2 and board[r][c] == 1):
                result[r][c] = 1
    return result
