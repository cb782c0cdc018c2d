def flood_fill(image: list[list[int]], sr: int, sc: int, color: int) -> list[list[int]]:
    # Depth-first search with an explicit stack (no recursion limit issues).
    # Work on a copy so the caller's grid is untouched. Painting a pixel
    # marks it visited, which is why an unchanged color must return early.
    result = [row[:] for row in image]
    original = result[sr][sc]
    if original == color:
        return result
    rows, cols = len(result), len(result[0])
    stack = [(sr, sc)]
    result[sr][sc] = color
    while stack:
        r, c = stack.pop()
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < rows and 0 <= nc < cols and result[nr][nc] == original:
                result[nr][nc] = color
                stack.append((nr, nc))
    return result
