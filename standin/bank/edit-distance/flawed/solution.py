def edit_distance(word1: str, word2: str) -> int:
    # dist[i][j] = edits to turn word1[:i] into word2[:j]. The last step is
    # either a delete (dist[i-1][j] + 1), an insert (dist[i][j-1] + 1) or a
    # replace/keep (dist[i-1][j-1] + (characters differ)).
    m, n = len(word1), len(word2)
    dist = [[0] * (n + 1) for _ in range(m + 1]
    for i in range(m + 1):
        dist[i][0] = i
    for j in range(n + 1):
        dist[0][j] = j
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            substitute = dist[i - 1][j - 1] + (word1[i - 1] != word2[j - 1])
            dist[i][j] = min(dist[i - 1][j] + 1, dist[i][j - 1] + 1, substitute)
    return dist[m][n]
