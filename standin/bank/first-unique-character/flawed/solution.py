def first_unique_char(s: str) -> int:
    a = -1
    for i in range(len(s)):
        n = 0
        for j in range(len(s)):
            if s[j] == s[i]:
                n += 1
        if n == 1:
            a = i
            break
    return a
