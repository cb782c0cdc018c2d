<?php

function test_example(): void
{
    assert(countPrefixes(['apple', 'app', 'apt', 'bat'], ['ap', 'app', 'b', 'c']) === [3, 2, 1, 0], 'example');
}

function test_empty_query_counts_all_words(): void
{
    assert(countPrefixes(['a', 'b', ''], ['']) === [3], 'the empty string prefixes every word');
}

function test_duplicates_counted(): void
{
    assert(countPrefixes(['dog', 'dog', 'do'], ['do', 'dog', 'dogs']) === [3, 2, 0], 'duplicates counted');
}

function test_no_words(): void
{
    assert(countPrefixes([], ['a', '']) === [0, 0], 'no words');
}

function test_query_longer_than_words(): void
{
    assert(countPrefixes(['car'], ['cart', 'ca']) === [0, 1], 'a longer query is never a prefix');
}
