export function calculate(expression: string): number {
  // Grammar (one function per rule, so precedence falls out of the nesting):
  //   expr   := term (('+' | '-') term)*
  //   term   := factor (('*' | '/') factor)*
  //   factor := '-' factor | '(' expr ')' | number
  // Tokens are produced first so the parser never has to skip spaces.
  const tokens = expression.match(/\d+|[-+*/()]/g) ?? [];
  let pos = 0;
  const peek = (): string => tokens[pos] ?? '';
  const take = (): string => tokens[pos++] ?? '';

  const expr = (): number => {
    let value = term();
    while (peek() === '+' || peek() === '-') {
      value = take() === '+' ? value + term() : value - term();
    }
    return value;
  };
  const term = (): number => {
    let value = factor();
    while (peek() === '*' || peek() === '/') {
      // Math.trunc rounds toward zero, as required.
      value = take() === '*' ? value * factor() : Math.trunc(value / factor());
    }
    return value;
  };
  const factor = (): number => {
    const token = take();
    if (token === '-') return -factor();
    if (token === '(') {
      const value = expr();
      take(); // the matching ')'
      return value;
    }
    return Number(token);
  };

  return expr();
}
