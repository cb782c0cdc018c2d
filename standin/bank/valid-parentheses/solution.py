def is_valid_parentheses(s: str) -> bool:
    # Push every opener; each closer must match the most recent unmatched
    # opener, which is the top of the stack. At the end nothing may be open.
    pairs = {")": "(", "]": "[", "}": "{"}
    stack: list[str] = []
    for ch in s:
        if ch in pairs:
            # A closer with an empty stack or the wrong opener on top fails.
            if not stack or stack.pop() != pairs[ch]:
                return False
        else:
            stack.append(ch)
    return not stack
