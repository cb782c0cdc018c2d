<?php

function test_example(): void
{
    assert(minWindow('ADOBECODEBANC', 'ABC') === 'BANC', 'example');
}

function test_whole_string(): void
{
    assert(minWindow('a', 'a') === 'a', 'whole string');
}

function test_not_enough_copies(): void
{
    assert(minWindow('a', 'aa') === '', 'duplicates in t must all be covered');
}

function test_duplicates_required(): void
{
    assert(minWindow('aaflslflsldkalskaaa', 'aaa') === 'aaa', 'duplicates required');
}

function test_case_sensitive(): void
{
    assert(minWindow('aA', 'A') === 'A', 'upper case A');
    assert(minWindow('abc', 'C') === '', 'no upper case C');
}

function test_leftmost_on_tie(): void
{
    assert(minWindow('abxba', 'ab') === 'ab', 'ab and ba are equally short; the leftmost wins');
}
