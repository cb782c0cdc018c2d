def edit_distance(word1: str, word2: str) -> int:
    # dist[i][j] = edits to turn word1[:i] into word2[:j]. The last step is
    # either a delete (dist[i-1][j] + 1), an insert (dist[i][j-1] + 1) or a
    # replace/keep (dist[i-1][j-1] + (characters differ)). Row i only needs
    # row i - 1, so two rows suffice.
    m, n = len(word1), len(word2)
    previous = list(range(n + 1))  # turning "" into word2[:j] takes j inserts
    for i in range(1, m + 1):
        current = [i] + [0] * n  # turning word1[:i] into "" takes i deletes
        for j in range(1, n + 1):
            substitute = previous[j - 1] + (word1[i - 1] != word2[j - 1])
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitute)
        previous = current
    return previous[n]
