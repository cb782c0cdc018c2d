<?php

function test_shared_prefix(): void
{
    assert(longestCommonPrefix(['flower', 'flow', 'flight']) === 'fl', 'shared prefix');
}

function test_no_shared_prefix(): void
{
    assert(longestCommonPrefix(['dog', 'racecar', 'car']) === '', 'no shared prefix');
}

function test_empty_list(): void
{
    assert(longestCommonPrefix([]) === '', 'empty list');
}

function test_one_word_is_prefix_of_others(): void
{
    assert(longestCommonPrefix(['inter', 'internet', 'interval']) === 'inter', 'one word is a prefix of the others');
}

function test_contains_empty_word(): void
{
    assert(longestCommonPrefix(['abc', '', 'abd']) === '', 'an empty word limits the prefix to nothing');
}

function test_case_sensitive(): void
{
    assert(longestCommonPrefix(['Apple', 'apple']) === '', 'case sensitive');
}
