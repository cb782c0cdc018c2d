def min_cost_climbing_stairs(cost: list[int]) -> int:
    # best_i = cheapest way to stand on step i before paying for it.
    # Steps 0 and 1 are free to stand on; afterwards
    # best_i = min(best_{i-1} + cost[i-1], best_{i-2} + cost[i-2]).
    # The top is "step len(cost)"; only the last two values are needed.
    two_back, one_back = 0, 0
    for i in range(2, len(cost) + 1):
        two_back, one_back = one_back, min(one_back + cost[i - 1], two_back + cost[i - 2])
    return one_back
