<?php

function test_horse_ros(): void
{
    assert(editDistance('horse', 'ros') === 3, 'horse -> ros');
}

function test_intention_execution(): void
{
    assert(editDistance('intention', 'execution') === 5, 'intention -> execution');
}

function test_empty_words(): void
{
    assert(editDistance('', 'abc') === 3, 'three inserts');
    assert(editDistance('abc', '') === 3, 'three deletes');
    assert(editDistance('', '') === 0, 'both empty');
}

function test_identical(): void
{
    assert(editDistance('same', 'same') === 0, 'identical');
}

function test_kitten_sitting(): void
{
    assert(editDistance('kitten', 'sitting') === 3, 'kitten -> sitting');
}

function test_long_words(): void
{
    assert(editDistance(str_repeat('a', 500), str_repeat('b', 500)) === 500, 'long words');
}
