<?php

function test_classic_sentence(): void
{
    assert(isCleanPalindrome('A man, a plan, a canal: Panama') === true, 'classic sentence');
}

function test_not_a_palindrome(): void
{
    assert(isCleanPalindrome('race a car') === false, 'not a palindrome');
}

function test_only_punctuation(): void
{
    assert(isCleanPalindrome(' .,!') === true, 'nothing left after cleaning');
}

function test_digits_count(): void
{
    assert(isCleanPalindrome('0P') === false, 'digits are kept and compared');
    assert(isCleanPalindrome('1a2, 2A1') === true, 'digits and letters mixed');
}

function test_empty_string(): void
{
    assert(isCleanPalindrome('') === true, 'empty string');
}
