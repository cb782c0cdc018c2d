def eval_rpn(tokens: list[str]) -> int:
    # Operands go on a stack; an operator pops the right operand first, then
    # the left one, and pushes the result. The final stack holds one value.
    stack: list[int] = []
    for token in tokens:
        if token in ("+", "-", "*", "/"):
            right = stack.pop()
            left = stack.pop()
            stack.append(apply_op(token, left, right))
        else:
            stack.append(int(token))
    return stack[-1]
