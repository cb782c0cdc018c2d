<?php

function test_example(): void
{
    assert(ladderLength('hit', 'cog', ['hot', 'dot', 'dog', 'lot', 'log', 'cog']) === 5, 'example');
}

function test_end_word_missing(): void
{
    assert(ladderLength('hit', 'cog', ['hot', 'dot', 'dog', 'lot', 'log']) === 0, 'end word missing');
}

function test_one_step(): void
{
    assert(ladderLength('a', 'c', ['a', 'b', 'c']) === 2, 'begin and end both count');
}

function test_disconnected(): void
{
    assert(ladderLength('abc', 'xyz', ['abd', 'xyz']) === 0, 'disconnected');
}

function test_begin_word_in_list(): void
{
    assert(ladderLength('hot', 'dog', ['hot', 'dog', 'dot']) === 3, 'begin word in list');
}

function test_shortest_of_several(): void
{
    $words = ['aab', 'abb', 'bbb', 'bbc', 'bcc', 'ccc', 'aac', 'acc'];
    assert(ladderLength('aaa', 'ccc', $words) === 4, 'aaa -> aac -> acc -> ccc beats the seven-word ladder');
}
