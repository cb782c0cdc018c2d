def eval_rpn(tokens: list[str]) -> int:
    # Operands go on a stack; an operator pops the right operand first, then
    # the left one, and pushes the result. The final stack holds one value.
    stack: list[int] = []
    for token in tokens:
        if token in ("+", "-", "*", "/"):
            right = stack.pop()
            left = stack.pop()
            if token == "+":
                stack.append(left + right)
            elif token == "-":
                stack.append(left - right)
            elif token == "*":
                stack.append(left * right)
            else:
                # Python's // floors; the task wants truncation toward zero.
                quotient = abs(left) // abs(right)
                stack.append(quotient if (left < 0) == (right < 0) else -quotient)
        else:
            stack.append(int(token))
    return stack[-1]
