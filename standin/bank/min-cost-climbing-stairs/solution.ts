export function minCostClimbingStairs(cost: number[]): number {
  // best_i = cheapest way to stand on step i before paying for it.
  // Steps 0 and 1 are free to stand on; afterwards
  // best_i = min(best_{i-1} + cost[i-1], best_{i-2} + cost[i-2]).
  // The top is "step cost.length"; only the last two values are needed.
  let twoBack = 0;
  let oneBack = 0;
  for (let i = 2; i <= cost.length; i++) {
    const current = Math.min(oneBack + cost[i - 1], twoBack + cost[i - 2]);
    twoBack = oneBack;
    oneBack = current;
  }
  return oneBack;
}
