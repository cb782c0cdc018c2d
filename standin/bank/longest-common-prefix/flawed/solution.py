def longest_common_prefix(words: list[str]) -> str:
    if len(words) == 0:
        return ""
    p = ""
    x = 0
    while True:
        c = None
        for w in words:
            if x >= len(w):
                return p
            if c == None:
                c = w[x]
            elif w[x] != c:
                return p
        p = p + c
        x = x + 1
    return p
