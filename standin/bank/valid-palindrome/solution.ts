function keep(ch: string): boolean {
  return /^[A-Za-z0-9]$/.test(ch);
}

export function isCleanPalindrome(s: string): boolean {
  // Two indices walk inwards, each skipping characters that are not ASCII
  // letters or digits; the characters they stop on must agree ignoring case.
  let left = 0;
  let right = s.length - 1;
  while (left < right) {
    if (!keep(s[left])) {
      left++;
    } else if (!keep(s[right])) {
      right--;
    } else if (s[left].toLowerCase() !== s[right].toLowerCase()) {
      return false;
    } else {
      left++;
      right--;
    }
  }
  return true;
}
