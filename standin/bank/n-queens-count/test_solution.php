<?php

function test_one(): void
{
    assert(totalNQueens(1) === 1, 'n = 1');
}

function test_no_solutions_for_two_and_three(): void
{
    assert(totalNQueens(2) === 0, 'n = 2');
    assert(totalNQueens(3) === 0, 'n = 3');
}

function test_four(): void
{
    assert(totalNQueens(4) === 2, 'n = 4');
}

function test_six(): void
{
    assert(totalNQueens(6) === 4, 'n = 6');
}

function test_eight(): void
{
    assert(totalNQueens(8) === 92, 'the classic eight queens puzzle');
}
