<?php

function test_simple_pairs(): void
{
    assert(isValidParentheses('()[]{}') === true, 'simple pairs');
}

function test_nested(): void
{
    assert(isValidParentheses('{[()]}') === true, 'nested');
}

function test_wrong_type(): void
{
    assert(isValidParentheses('(]') === false, 'wrong type');
}

function test_interleaved(): void
{
    assert(isValidParentheses('([)]') === false, 'closing order must mirror opening order');
}

function test_empty_string(): void
{
    assert(isValidParentheses('') === true, 'empty string');
}

function test_unclosed_opener(): void
{
    assert(isValidParentheses('(((') === false, 'openers left on the stack');
}

function test_closer_first(): void
{
    assert(isValidParentheses(')(') === false, 'closer with nothing open');
}
