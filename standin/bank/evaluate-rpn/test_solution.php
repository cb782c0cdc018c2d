<?php

function test_add_then_multiply(): void
{
    assert(evalRpn(['2', '1', '+', '3', '*']) === 9, 'add then multiply');
}

function test_division_truncates(): void
{
    assert(evalRpn(['4', '13', '5', '/', '+']) === 6, 'division truncates');
}

function test_negative_division_truncates_toward_zero(): void
{
    assert(evalRpn(['7', '-2', '/']) === -3, '7 / -2 must be -3, not -4');
}

function test_long_expression(): void
{
    $tokens = ['10', '6', '9', '3', '+', '-11', '*', '/', '*', '17', '+', '5', '+'];
    assert(evalRpn($tokens) === 22, 'long expression');
}

function test_single_number(): void
{
    assert(evalRpn(['-42']) === -42, 'single number');
}

function test_operand_order(): void
{
    assert(evalRpn(['3', '10', '-']) === -7, 'left operand comes first');
}
