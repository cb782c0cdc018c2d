export function evalRpn(tokens: string[]): number {
  // Operands go on a stack; an operator pops the right operand first, then
  // the left one, and pushes the result. The final stack holds one value.
  const stack: number[] = [];
  for (const token of tokens) {
    if (token === '+' || token === '-' || token === '*' || token === '/') {
      const right = stack.pop() as number;
      const left = stack.pop() as number;
      switch (token) {
        case '+':
          stack.push(left + right);
          break;
        case '-':
          stack.push(left - right);
          break;
        case '*':
          stack.push(left * right);
          break;
        case '/':
          // Math.trunc rounds toward zero, as required.
          stack.push(Math.trunc(left / right));
          break;
      }
    } else {
      stack.push(Number(token));
    }
  }
  return stack[stack.length - 1];
}
