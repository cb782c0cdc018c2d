<?php

function evalRpn(array $tokens): int
{
    // Operands go on a stack; an operator pops the right operand first, then
    // the left one, and pushes the result. The final stack holds one value.
    $stack = [];
    foreach ($tokens as $token) {
        if (in_array($token, ['+', '-', '*', '/'], true)) {
            $right = array_pop($stack);
            $left = array_pop($stack);
            $stack[] = match ($token) {
                '+' => $left + $right,
                '-' => $left - $right,
                '*' => $left * $right,
                // intdiv truncates toward zero, as required.
                '/' => intdiv($left, $right),
            };
        } else {
            $stack[] = (int) $token;
        }
    }
    return $stack[count($stack) - 1];
}
