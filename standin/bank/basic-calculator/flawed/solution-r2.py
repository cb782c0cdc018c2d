def calculate(expression: str) -> int:
    # Grammar (one function per rule, so precedence falls out of the nesting):
    #   expr   := term (('+' | '-') term)*
    #   term   := factor (('*' | '/') factor)*
    #   factor := '-' factor | '(' expr ')' | number
    tokens: list[str] = []
    i = 0
    while i < len(expression):
        ch = expression[i]
        if ch.isdigit():
            start = i
            while i < len(expression) and expression[i].isdigit():
                i += 1
            tokens.append(expression[start:i])
            continue
        if ch != " ":
            tokens.append(ch)
        i += 1

    pos = 0

    def peek() -> str:
        return tokens[pos] if pos < len(tokens) else ""

    def take() -> str:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def expr() -> int:
        value = term()
        while peek() in ("+", "-"):
            if take() == "+":
                value += term()
            else:
                value -= term()
        return value

    def term() -> int:
        value = factor()
        while peek() in ("*", "/"):
            if take() == "*":
                value *= factor()
            else:
                value //= factor()
        return value

    def factor() -> int:
        token = take()
        if token == "-":
            return -factor()
        if token == "(":
            value = expr()
            take()  # the matching ')'
            return value
        return int(token)

    return expr()
