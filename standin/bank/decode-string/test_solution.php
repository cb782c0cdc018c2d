<?php

function test_two_groups(): void
{
    assert(decodeString('3[a]2[bc]') === 'aaabcbc', 'two groups');
}

function test_nested(): void
{
    assert(decodeString('3[a2[c]]') === 'accaccacc', 'nested');
}

function test_letters_around_groups(): void
{
    assert(decodeString('2[abc]3[cd]ef') === 'abcabccdcdcdef', 'letters around groups');
}

function test_multi_digit_count(): void
{
    assert(decodeString('10[x]') === str_repeat('x', 10), 'counts can have several digits');
}

function test_no_encoding(): void
{
    assert(decodeString('plain') === 'plain', 'plain text');
    assert(decodeString('') === '', 'empty string');
}
