<?php

function decodeString(string $s): string
{
    // Recursive descent. $decode(i) decodes from position i until the end of
    // the string or an unmatched ']' and advances i (passed by reference).
    // On "k[" it recurses for the bracketed part, then skips the ']'.
    $n = strlen($s);
    $decode = function (int &$i) use (&$decode, $s, $n): string {
        $out = '';
        while ($i < $n && $s[$i] !== ']') {
            if (isDigitChar($s[$i])) {
                $count = 0;
                while (isDigitChar($s[$i])) {
                    $count = $count * 10 + (int) $s[$i];
                    $i++;
                }
                $i++; // skip '['
                $inner = $decode($i);
                $out .= str_repeat($inner, $count);
                $i++; // skip ']'
            } else {
                $out .= $s[$i];
                $i++;
            }
        }
        return $out;
    };
    $position = 0;
    return $decode($position);
}

function isDigitChar(string $ch): bool
{
    // Plain comparison instead of the optional ctype extension.
    return $ch >= '0' && $ch <= '9';
}
