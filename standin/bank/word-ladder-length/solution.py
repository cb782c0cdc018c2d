from collections import defaultdict, deque


def ladder_length(begin_word: str, end_word: str, word_list: list[str]) -> int:
    # Words are nodes; two words are adjacent when they share a wildcard
    # pattern (the word with one position replaced by '*'). BFS from
    # begin_word finds the shortest ladder; the distance counts words.
    if end_word not in word_list:
        return 0
    buckets: defaultdict[str, list[str]] = defaultdict(list)
    for word in word_list:
        for i in range(len(word)):
            buckets[word[:i] + "*" + word[i + 1:]].append(word)
    visited = {begin_word}
    queue = deque([(begin_word, 1)])
    while queue:
        word, length = queue.popleft()
        for i in range(len(word)):
            pattern = word[:i] + "*" + word[i + 1:]
            for neighbour in buckets[pattern]:
                if neighbour == end_word:
                    return length + 1
                if neighbour not in visited:
                    visited.add(neighbour)
                    queue.append((neighbour, length + 1))
            # Every word in this bucket has been queued; never scan it again.
            buckets[pattern] = []
    return 0
