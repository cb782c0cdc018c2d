def decode_string(s: str) -> str:
    # Recursive descent. decode(i) decodes from position i until the end of
    # the string or an unmatched ']' and returns (text, position reached).
    # On "k[" it recurses for the bracketed part, then skips the ']'.
    def decode(i: int) -> tuple[str, int]:
        parts: list[str] = []
        while i < len(s) and s[i] != "]":
            if s[i].isdigit():
                count = 0
                while s[i].isdigit():
                    count = count * 10 + int(s[i])
                    i += 1
                inner, i = decode(i + 1)  # skip '['
                parts.append(inner * count)
                i += 1  # skip ']'
            else:
                parts.append(s[i])
                i += 1
        return "".join(parts), i

    return decode(0)[0]
