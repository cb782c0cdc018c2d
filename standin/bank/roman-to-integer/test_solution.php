<?php

function test_additive_only(): void
{
    assert(romanToInt('III') === 3, 'III');
    assert(romanToInt('LVIII') === 58, 'LVIII');
}

function test_subtractive_pairs(): void
{
    assert(romanToInt('IV') === 4, 'IV');
    assert(romanToInt('IX') === 9, 'IX');
    assert(romanToInt('XL') === 40, 'XL');
    assert(romanToInt('CD') === 400, 'CD');
}

function test_mixed(): void
{
    assert(romanToInt('MCMXCIV') === 1994, 'M + CM + XC + IV');
}

function test_largest_value(): void
{
    assert(romanToInt('MMMCMXCIX') === 3999, 'largest value');
}

function test_single_symbol(): void
{
    assert(romanToInt('D') === 500, 'single symbol');
}
