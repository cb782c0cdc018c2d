<?php

function test_first_letter_unique(): void
{
    assert(firstUniqueChar('leetcode') === 0, 'first letter unique');
}

function test_unique_in_middle(): void
{
    assert(firstUniqueChar('loveleetcode') === 2, 'unique in the middle');
}

function test_all_repeat(): void
{
    assert(firstUniqueChar('aabb') === -1, 'all repeat');
}

function test_empty_string(): void
{
    assert(firstUniqueChar('') === -1, 'nothing to find');
}

function test_last_letter_unique(): void
{
    assert(firstUniqueChar('abcabcd') === 6, 'last letter unique');
}
