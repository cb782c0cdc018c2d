<?php

function test_precedence(): void
{
    assert(calculate('2+3*4') === 14, 'multiplication binds tighter than addition');
}

function test_parentheses(): void
{
    assert(calculate('(1+(4+5+2)-3)+(6+8)') === 23, 'parentheses');
}

function test_unary_minus(): void
{
    assert(calculate('-(2+3)') === -5, 'negated group');
    assert(calculate('2*-3') === -6, 'negated number after an operator');
}

function test_division_truncates_toward_zero(): void
{
    assert(calculate(' 7 / -2 ') === -3, '-3.5 truncates to -3, not -4');
    assert(calculate('-7/2') === -3, 'negative dividend');
}

function test_multi_digit_numbers(): void
{
    assert(calculate('12+34') === 46, 'two-digit numbers');
    assert(calculate('1000/10') === 100, 'four-digit number');
}

function test_left_associative(): void
{
    assert(calculate('10-4-3') === 3, 'subtraction is left associative');
    assert(calculate('100/10/5') === 2, 'division is left associative');
}
