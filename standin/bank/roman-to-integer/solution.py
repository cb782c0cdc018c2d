def roman_to_int(s: str) -> int:
    # Scan left to right. A symbol is subtracted exactly when the symbol after
    # it is worth more (the subtractive pairs IV, IX, XL, XC, CD, CM);
    # otherwise it is added.
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, symbol in enumerate(s):
        value = values[symbol]
        if i + 1 < len(s) and value < values[s[i + 1]]:
            total -= value
        else:
            total += value
    return total
