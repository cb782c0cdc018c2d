def longest_common_prefix(words: list[str]) -> str:
    # The common prefix cannot be longer than the shortest word. Walk the
    # positions of the shortest word and stop at the first position where
    # some word has a different character.
    if not words:
        return ""
    shortest = min(words, key=len)
    for position, char in enumerate(shortest):
        if any(word[position] != char for word in words):
            return shortest[:position]
    return shortest
