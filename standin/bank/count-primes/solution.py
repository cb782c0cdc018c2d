def count_primes(n: int) -> int:
    # Sieve of Eratosthenes: for each prime p, cross out p*p, p*p + p, ...
    # (smaller multiples were already crossed out by smaller primes).
    # Only primes p with p*p < n need to cross anything out.
    if n < 3:
        return 0
    is_prime = bytearray([1]) * n
    is_prime[0] = is_prime[1] = 0
    p = 2
    while p * p < n:
        if is_prime[p]:
            # Slice assignment crosses out all multiples in one C-level step.
            is_prime[p * p::p] = bytes(len(range(p * p, n, p)))
        p += 1
    return sum(is_prime)
