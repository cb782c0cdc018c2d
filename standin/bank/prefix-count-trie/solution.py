def count_prefixes(words: list[str], queries: list[str]) -> list[int]:
    # Trie stored as parallel lists: children[node] maps a letter to a child
    # node and passing[node] counts the words whose path goes through node.
    # The root (node 0) is passed by every word, which answers "".
    children: list[dict[str, int]] = [{}]
    passing = [0]
    for word in words:
        node = 0
        passing[node] += 1
        for letter in word:
            if letter not in children[node]:
                children[node][letter] = len(children)
                children.append({})
                passing.append(0)
            node = children[node][letter]
            passing[node] += 1

    answers: list[int] = []
    for query in queries:
        node = 0
        for letter in query:
            node = children[node].get(letter, -1)
            if node == -1:
                break
        answers.append(0 if node == -1 else passing[node])
    return answers
