export function isValidParentheses(s: string): boolean {
  // Push every opener; each closer must match the most recent unmatched
  // opener, which is the top of the stack. At the end nothing may be open.
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  for (const ch of s) {
    const opener = pairs[ch];
    if (opener !== undefined) {
      // A closer with an empty stack or the wrong opener on top fails.
      if (stack.length === 0 || stack.pop() !== opener) {
        return false;
      }
    } else {
      stack.push(ch);
    }
  }
  return stack.length === 0;
}
