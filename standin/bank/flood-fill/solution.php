<?php

function floodFill(array $image, int $sr, int $sc, int $color): array
{
    // Depth-first search with an explicit stack. PHP passes arrays by value,
    // so $image is already a private copy. Painting a pixel marks it visited,
    // which is why an unchanged color must return early.
    $original = $image[$sr][$sc];
    if ($original === $color) {
        return $image;
    }
    $rows = count($image);
    $cols = count($image[0]);
    $stack = [[$sr, $sc]];
    $image[$sr][$sc] = $color;
    while ($stack) {
        [$r, $c] = array_pop($stack);
        foreach ([[$r + 1, $c], [$r - 1, $c], [$r, $c + 1], [$r, $c - 1]] as [$nr, $nc]) {
            if ($nr >= 0 && $nr < $rows && $nc >= 0 && $nc < $cols && $image[$nr][$nc] === $original) {
                $image[$nr][$nc] = $color;
                $stack[] = [$nr, $nc];
            }
        }
    }
    return $image;
}
