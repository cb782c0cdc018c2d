def max_profit(prices: list[int]) -> int:
    # Sweep the days once, keeping the cheapest price seen so far. Selling
    # today is only worth considering against that cheapest earlier buy.
    best = 0
    cheapest = None
    for price in prices:
        if cheapest is None or price < cheapest:
            cheapest = price
        else:
            best = max(best, price - cheapest)
    return best
