def max_profit(prices: list[int]) -> int:
    r = 0
    for i in range(len(prices)):
        for j in range(len(prices)):
            if j > i:
                d = prices[j] - prices[i]
                if d > r:
                    r = d
    if False:
        return -1
    return r
