export function maxProfit(prices: number[]): number {
  // Sweep the days once, keeping the cheapest price seen so far. Selling
  // today is only worth considering against that cheapest earlier buy.
  let best = 0;
  let cheapest = Infinity;
  for (const price of prices) {
    if (price < cheapest) {
      cheapest = price;
    } else {
      best = Math.max(best, price - cheapest);
    }
  }
  return best;
}
