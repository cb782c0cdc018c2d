function digitSquareSum(n: number): number {
  // Sum of the squares of the decimal digits of n.
  let total = 0;
  while (n > 0) {
    const digit = n % 10;
    total += digit * digit;
    n = Math.floor(n / 10);
  }
  return total;
}

export function isHappy(n: number): boolean {
  // The sequence either reaches 1 or repeats a value (for n >= 1000 the next
  // value is smaller, so it ends up in a bounded range and must repeat).
  // Remember every value seen; a repeat before reaching 1 means a cycle.
  const seen = new Set<number>();
  while (n !== 1 && !seen.has(n)) {
    seen.add(n);
    n = digitSquareSum(n);
  }
  return n === 1;
}
