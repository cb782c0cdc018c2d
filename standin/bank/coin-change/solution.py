def coin_change(coins: list[int], amount: int) -> int:
    # fewest[a] = fewest coins summing to a. Any real answer uses at most
    # `amount` coins (each is >= 1), so amount + 1 works as "unreachable".
    # fewest[a] = 1 + min(fewest[a - coin]) over coins that fit.
    unreachable = amount + 1
    fewest = [0] + [unreachable] * amount
    for a in range(1, amount + 1):
        for coin in coins:
            if coin <= a and fewest[a - coin] + 1 < fewest[a]:
                fewest[a] = fewest[a - coin] + 1
    return fewest[amount] if fewest[amount] != unreachable else -1
