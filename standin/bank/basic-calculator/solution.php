<?php

function calculate(string $expression): int
{
    // Grammar (one closure per rule, so precedence falls out of the nesting):
    //   expr   := term (('+' | '-') term)*
    //   term   := factor (('*' | '/') factor)*
    //   factor := '-' factor | '(' expr ')' | number
    // Tokens are produced first so the parser never has to skip spaces.
    preg_match_all('/\d+|[-+*\/()]/', $expression, $matches);
    $tokens = $matches[0];
    $pos = 0;

    $peek = function () use (&$tokens, &$pos): string {
        return $tokens[$pos] ?? '';
    };
    $take = function () use (&$tokens, &$pos): string {
        return $tokens[$pos++];
    };

    $factor = null; // defined below; captured by reference
    $term = function () use (&$factor, $peek, $take): int {
        $value = $factor();
        while (in_array($peek(), ['*', '/'], true)) {
            if ($take() === '*') {
                $value *= $factor();
            } else {
                $value = intdiv($value, $factor()); // truncates toward zero
            }
        }
        return $value;
    };
    $expr = function () use ($term, $peek, $take): int {
        $value = $term();
        while (in_array($peek(), ['+', '-'], true)) {
            if ($take() === '+') {
                $value += $term();
            } else {
                $value -= $term();
            }
        }
        return $value;
    };
    $factor = function () use (&$factor, &$expr, $take): int {
        $token = $take();
        if ($token === '-') {
            return -$factor();
        }
        if ($token === '(') {
            $value = $expr();
            $take(); // the matching ')'
            return $value;
        }
        return (int) $token;
    };

    return $expr();
}
