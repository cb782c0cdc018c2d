export function countPrimes(n: number): number {
  // Sieve of Eratosthenes: for each prime p, cross out p*p, p*p + p, ...
  // (smaller multiples were already crossed out by smaller primes).
  // A Uint8Array keeps the sieve at one byte per number.
  if (n < 3) {
    return 0;
  }
  const composite = new Uint8Array(n);
  let count = 0;
  for (let p = 2; p < n; p++) {
    if (composite[p] === 1) {
      continue;
    }
    count++;
    for (let multiple = p * p; multiple < n; multiple += p) {
      composite[multiple] = 1;
    }
  }
  return count;
}
