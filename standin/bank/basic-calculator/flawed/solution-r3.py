def calculate(expression: str) -> int:
    # Grammar (one function per rule, so precedence falls out of the nesting):
    #   expr   := term (('+' | '-') term)*
    #   term   := factor (('*' | '/') factor)*
    #   factor := '-' factor | '(' expr ')' | number
    # Every non-space character is one token.
    tokens = [ch for ch in expression if ch != " "]
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
                divisor = factor()
                quotient = abs(value) // abs(divisor)
                value = quotient if (value < 0) == (divisor < 0) else -quotient
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
