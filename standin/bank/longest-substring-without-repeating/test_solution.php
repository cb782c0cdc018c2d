<?php

function test_abcabcbb(): void
{
    assert(lengthOfLongestSubstring('abcabcbb') === 3, 'abcabcbb');
}

function test_all_same(): void
{
    assert(lengthOfLongestSubstring('bbbbb') === 1, 'all same');
}

function test_pwwkew(): void
{
    assert(lengthOfLongestSubstring('pwwkew') === 3, 'pwwkew');
}

function test_empty(): void
{
    assert(lengthOfLongestSubstring('') === 0, 'empty');
}

function test_window_start_never_moves_back(): void
{
    assert(lengthOfLongestSubstring('abba') === 2, "the old 'a' lies before the window start");
}

function test_spaces_and_symbols(): void
{
    assert(lengthOfLongestSubstring('a b!c') === 5, 'spaces and symbols');
    assert(lengthOfLongestSubstring('dvdf') === 3, 'dvdf');
}
