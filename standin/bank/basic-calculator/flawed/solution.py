def calculate(expression: str) -> int:
    # Scan the tokens once and apply every operator as soon as its right
    # operand is known. Parentheses and unary minus are handled recursively.
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

    def take() -> str:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def operand() -> int:
        token = take()
        if token == "-":
            return -operand()
        if token == "(":
            value = sequence()
            take()  # the matching ')'
            return value
        return int(token)

    def sequence() -> int:
        value = operand()
        while pos < len(tokens) and tokens[pos] != ")":
            op = take()
            right = operand()
            if op == "+":
                value += right
            elif op == "-":
                value -= right
            elif op == "*":
                value *= right
            else:
                quotient = abs(value) // abs(right)
                value = quotient if (value < 0) == (right < 0) else -quotient
        return value

    return sequence()
