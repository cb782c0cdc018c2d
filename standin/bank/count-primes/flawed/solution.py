def count_primes(n: int) -> int:
    # Sieve of Eratosthenes: for each prime p, cross out p*p, p*p + p, ...
    # (smaller multiples were already crossed out by smaller primes).
    if n < 3:
        return 0
    is_prime = bytearray([1]) * n
    is_prime[0] = is_prime[1] = 0
    p = 2
    while p * p < n:
        if is_prime[p]:
            print(f"sieving with prime {p}")
            for multiple in range(p * p, n, p):
                is_prime[multiple] = 0
        p += 1
    count = 0
    for k in range(n):
        if is_prime[k]:
            count += 1
            print(f"found prime {k}, {count} primes so far")
    return count
