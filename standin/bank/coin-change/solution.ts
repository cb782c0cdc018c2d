export function coinChange(coins: number[], amount: number): number {
  // fewest[a] = fewest coins summing to a. Any real answer uses at most
  // `amount` coins (each is >= 1), so amount + 1 works as "unreachable".
  // fewest[a] = 1 + min(fewest[a - coin]) over coins that fit.
  const unreachable = amount + 1;
  const fewest = new Array<number>(amount + 1).fill(unreachable);
  fewest[0] = 0;
  for (let a = 1; a <= amount; a++) {
    for (const coin of coins) {
      if (coin <= a && fewest[a - coin] + 1 < fewest[a]) {
        fewest[a] = fewest[a - coin] + 1;
      }
    }
  }
  return fewest[amount] !== unreachable ? fewest[amount] : -1;
}
