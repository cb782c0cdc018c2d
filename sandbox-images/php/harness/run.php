<?php
// Flywheel test harness for PHP samples: lint (a full parse without running anything, then static checks for
// calls to functions and classes that neither the files nor this PHP define), then, only if no defect was found,
// the tests case by case, each reported as it starts and ends over the verdict channel (fd 3, see the runner's
// channel.py).
//
// What decides a case is out of the sample's reach as far as PHP allows. The channel, its nonce, the job and the
// tests' source are local variables of flywheel_main() and of closures it never hands out: no class, no static
// and no global holds them, and with debug_backtrace off and zend.exception_ignore_args on, no trace shows a
// frame's arguments. Reflection is disabled, and so are the functions that could switch assertions off, outlive
// the run or start another process; FFI is off; files outside the work directory cannot be opened (no
// /proc/self/mem); the tests file and the job file are gone from disk before any sample code loads.
//
// The tests are evaluated from memory in a scope of their own (their top-level variables are not globals the
// solution could read), after the host rewrote them (src/languages/php-rewrite.ts): each comparison and switch
// calls flywheel_check() or flywheel_switch() (values of one kind only, no juggling), in_array/array_search/
// array_keys call twins that compare the same way, assert() calls flywheel_assert(), and each catch block notes
// that it caught. Those count the case's assertions: a test that made none, returned something to run later (a
// Closure, a Generator) or caught its own failed assert fails. A run that ends early (exit, a fatal error, a
// limit) simply never finishes its report: the host fails it.
//
// Run as: php -d ... run.php flywheel-job.json (the settings are in src/languages/php.ts).

declare(strict_types=1);

const FLYWHEEL_MESSAGE_LIMIT = 2000;
const FLYWHEEL_VALUE_LIMIT = 300;
const FLYWHEEL_FINDINGS_LIMIT = 200;

// ------------------------------------------------------------------ what the rewritten tests call

/**
 * The running case's tally: how many assertions the tests made, the first assert that failed (a failed assert
 * fails its case even when the tests catch the AssertionError), and the sides of the last comparison that came
 * out false (for the message of the assert that follows it). Only a call from the tests' own code counts, so a
 * solution cannot make up for assertions the tests never reached; only this file's own calls reset or read it.
 */
function flywheel_tally(string $do, mixed $detail = null): mixed
{
    static $count = 0;
    static $latest = 0;
    static $lastFalse = null;
    static $failed = null;
    switch ($do) {
        case 'reset':
        case 'take':
            if (((new Exception())->getTrace()[0]['file'] ?? '') !== __FILE__) {
                return null;
            }
            $taken = ['count' => $count, 'failed' => $failed];
            if ($do === 'reset') {
                [$count, $latest, $lastFalse, $failed] = [0, 0, null, null];
            }
            return $taken;
        case 'failed':
            $failed ??= $detail instanceof AssertionError ? $detail : null;
            return null;
        case 'check':
        case 'assert':
            if ($count === 0 && !flywheel_called_from_tests((new Exception())->getTrace())) {
                return null;
            }
            $count++;
            if ($do === 'check') {
                $latest++;
                $lastFalse = $detail === null ? $lastFalse : [$latest, $detail];
                return null;
            }
            // An assert's message shows the sides of the comparison evaluated just before it, if that one failed.
            $shown = $lastFalse !== null && $lastFalse[0] === $latest ? $lastFalse[1] : null;
            [$latest, $lastFalse] = [$latest + 1, null];
            return $shown;
        default:
            return null;
    }
}

/** Whether the public function that called flywheel_tally() was called from the tests (evaluated by this file). */
function flywheel_called_from_tests(array $trace): bool
{
    return ($trace[0]['file'] ?? '') === __FILE__ && flywheel_is_tests_file($trace[1]['file'] ?? '');
}

function flywheel_is_tests_file(string $file): bool
{
    return str_starts_with($file, __FILE__ . '(') && str_ends_with($file, "eval()'d code");
}

/** PHP's assert() as the tests' copy calls it, with the assertion's text as written: it counts, and says what failed. */
function flywheel_assert(string $text, mixed $assertion, Throwable|string|null $description = null): bool
{
    $sides = flywheel_tally('assert');
    if ($assertion) {
        return true;
    }
    if ($description instanceof Throwable) {
        throw $description;
    }
    $message = $description ?? "assert({$text})";
    if ($sides !== null) {
        $message .= " -- left: {$sides[0]}, right: {$sides[1]}";
    }
    $error = new AssertionError($message);
    flywheel_tally('failed', $error);
    throw $error;
}

/** A comparison of the tests: its result, counted, with both sides kept for the message when it is false. */
function flywheel_check(mixed $a, string $op, mixed $b): bool|int
{
    $result = match ($op) {
        '===' => $a === $b,
        '!==' => $a !== $b,
        '==' => flywheel_eq($a, $b),
        '!=', '<>' => !flywheel_eq($a, $b),
        '<' => flywheel_order($a, $b, $op) < 0,
        '>' => flywheel_order($a, $b, $op) > 0,
        '<=' => flywheel_order($a, $b, $op) <= 0,
        '>=' => flywheel_order($a, $b, $op) >= 0,
        '<=>' => flywheel_order($a, $b, $op),
        default => throw new Error("flywheel_check: unknown operator {$op}"),
    };
    flywheel_tally('check', $result === false ? [flywheel_show($a), flywheel_show($b)] : null);
    return $result;
}

/**
 * `==` without PHP's type juggling: values of one kind only. Numbers (int or float) compare as numbers; strings,
 * bools and null only with `===` (so '1e1' is not '10', 'abc' is not 0, and true equals nothing but true); arrays
 * have the same keys holding equal values; objects are of one class with equal properties (all of them, private
 * ones too). A sample returning `true`, or an object of the right class filled with `true`, equals nothing else.
 */
function flywheel_eq(mixed $a, mixed $b): bool
{
    if ((is_int($a) || is_float($a)) && (is_int($b) || is_float($b))) {
        return $a == $b;
    }
    if (is_array($a) && is_array($b)) {
        if (count($a) !== count($b)) {
            return false;
        }
        foreach ($a as $key => $value) {
            if (!array_key_exists($key, $b) || !flywheel_eq($value, $b[$key])) {
                return false;
            }
        }
        return true;
    }
    if (is_object($a) && is_object($b)) {
        if ($a === $b) {
            return true;
        }
        if (get_class($a) !== get_class($b)) {
            return false;
        }
        if ($a instanceof DateTimeInterface) {
            return $a == $b;
        }
        // An array cast reads every property without running any of the object's code.
        [$left, $right] = [(array) $a, (array) $b];
        // Built-in objects whose state is not in properties (a Closure, an SplObjectStorage): PHP's own compare.
        return $left === [] && $right === [] ? $a == $b : flywheel_eq($left, $right);
    }
    return $a === $b;
}

/** `<=>` between values of one kind (numbers, strings by their bytes, bools, arrays element by element, objects of one class); any other pair is a failed assertion. */
function flywheel_order(mixed $a, mixed $b, string $op): int
{
    if ((is_int($a) || is_float($a)) && (is_int($b) || is_float($b))) {
        return $a <=> $b;
    }
    if (is_string($a) && is_string($b)) {
        return strcmp($a, $b) <=> 0;
    }
    if ((is_bool($a) && is_bool($b)) || ($a === null && $b === null)) {
        return $a <=> $b;
    }
    if (is_array($a) && is_array($b)) {
        if (count($a) !== count($b)) {
            return count($a) <=> count($b);
        }
        foreach ($a as $key => $value) {
            if (!array_key_exists($key, $b)) {
                break;
            }
            $order = flywheel_order($value, $b[$key], $op);
            if ($order !== 0) {
                return $order;
            }
        }
        if (array_diff_key($a, $b) === []) {
            return 0;
        }
    } elseif (is_object($a) && is_object($b) && get_class($a) === get_class($b)) {
        [$left, $right] = [(array) $a, (array) $b];
        return $a instanceof DateTimeInterface || ($left === [] && $right === []) ? $a <=> $b : flywheel_order($left, $right, $op);
    }
    throw new AssertionError('cannot compare ' . get_debug_type($a) . " {$op} " . get_debug_type($b) . ': the tests order values of one kind only (numbers, strings, bools, arrays with the same keys, objects of one class)');
}

/** in_array() whose default comparison is flywheel_eq() instead of PHP's loose `==`. */
function flywheel_in_array(mixed $needle, array $haystack, bool $strict = false): bool
{
    flywheel_tally('check');
    return flywheel_array_search_in($needle, $haystack, $strict) !== false;
}

/** array_search() whose default comparison is flywheel_eq() instead of PHP's loose `==`. */
function flywheel_array_search(mixed $needle, array $haystack, bool $strict = false): int|string|false
{
    flywheel_tally('check');
    return flywheel_array_search_in($needle, $haystack, $strict);
}

/** array_keys() with a search value, comparing with flywheel_eq() instead of PHP's loose `==`. */
function flywheel_array_keys(array $array, mixed $filter_value, bool $strict = false): array
{
    flywheel_tally('check');
    $keys = [];
    foreach ($array as $key => $value) {
        if ($strict ? $value === $filter_value : flywheel_eq($value, $filter_value)) {
            $keys[] = $key;
        }
    }
    return $keys;
}

function flywheel_array_search_in(mixed $needle, array $haystack, bool $strict): int|string|false
{
    foreach ($haystack as $key => $value) {
        if ($strict ? $value === $needle : flywheel_eq($value, $needle)) {
            return $key;
        }
    }
    return false;
}

/**
 * `switch (x)` compares x with each case by PHP's loose `==`: the tests' copy switches on a token instead, and
 * each case is the token when flywheel_eq() finds it equal to x (the cases are evaluated right after x, before
 * any case body runs, so one slot holds x even for nested switches; only the tests set it).
 */
function flywheel_switch(mixed $value, bool $isCase = false): string
{
    static $subject = null;
    if (!$isCase) {
        if (flywheel_is_tests_file((new Exception())->getTrace()[0]['file'] ?? '')) {
            $subject = $value;
        }
        return "\0flywheel:switch";
    }
    flywheel_tally('check');
    return flywheel_eq($subject, $value) ? "\0flywheel:switch" : "\0flywheel:case";
}

/** A catch block of the tests ran: an exception the test expected is an assertion too. */
function flywheel_caught(): void
{
    flywheel_tally('check');
}

/** A value for a message, cut short: JSON for plain values, `Class{...}` with every property for an object. */
function flywheel_show(mixed $value): string
{
    $text = flywheel_text($value, 0, FLYWHEEL_VALUE_LIMIT + 1);
    return strlen($text) > FLYWHEEL_VALUE_LIMIT ? substr($text, 0, FLYWHEEL_VALUE_LIMIT) . '...' : $text;
}

/** Runs none of the sample's code (no __toString, no jsonSerialize), and stops once it has `$room` bytes. */
function flywheel_text(mixed $value, int $depth, int $room): string
{
    if (is_object($value) || is_array($value)) {
        $object = is_object($value);
        $members = $object ? (array) $value : $value;
        $list = !$object && array_is_list($members);
        [$open, $close] = $object ? [get_class($value) . '{', '}'] : ($list ? ['[', ']'] : ['{', '}']);
        if ($depth >= 8) {
            return "{$open}...{$close}";
        }
        $parts = [];
        $used = strlen($open);
        foreach ($members as $key => $member) {
            if ($used > $room) {
                $parts[] = '...';
                break;
            }
            // A private or protected property's key is "\0Class\0name" or "\0*\0name".
            $shown = flywheel_text($member, $depth + 1, $room - $used);
            $part = $list ? $shown : json_encode((string) preg_replace('/^\0[^\0]*\0/', '', (string) $key), JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE) . ':' . $shown;
            $used += strlen($part) + 1;
            $parts[] = $part;
        }
        return $open . implode(',', $parts) . $close;
    }
    if (is_float($value) && !is_finite($value)) {
        return (string) $value;
    }
    $text = json_encode($value, JSON_PRESERVE_ZERO_FRACTION | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
    return $text === false ? get_debug_type($value) : $text;
}

// ------------------------------------------------------------------ the run

/** The whole run: every secret it holds is one of its local variables. */
function flywheel_main(array $argv): never
{
    static $begun = false;
    if ($begun) {
        throw new Error('flywheel_main() runs once, and it is running');
    }
    $begun = true;

    $channel = @fopen('php://fd/3', 'r+');
    if ($channel === false) {
        fwrite(STDERR, "flywheel harness: no verdict channel on fd 3\n");
        exit(2);
    }
    // Blocks until the runner hands this process its job (it may have been started before the job existed).
    $prefix = (string) fread($channel, 256) . ':';
    $send = static function (array $record) use ($channel, $prefix): void {
        $json = json_encode($record, JSON_INVALID_UTF8_SUBSTITUTE | JSON_PARTIAL_OUTPUT_ON_ERROR | JSON_UNESCAPED_SLASHES);
        // A failed write (the sample closed fd 3) leaves its cases unreported, which fails them.
        @fwrite($channel, $prefix . $json);
    };

    $started = microtime(true);
    $jobFile = $argv[1] ?? 'flywheel-job.json';
    $job = json_decode((string) file_get_contents($jobFile), true, 16, JSON_THROW_ON_ERROR);
    $names = ['solution' => (string) $job['solution'], 'tests' => (string) $job['tests']];
    $sources = [$names['solution'] => (string) file_get_contents($names['solution']), $names['tests'] => (string) file_get_contents($names['tests'])];
    // Evaluated as PHP code from its first line: without its opening tag (so that a leading
    // declare(strict_types=1) is still the first statement), or after a closing one if it has none up front.
    $testsCode = preg_match('/^<\?php\s/i', $sources[$names['tests']]) === 1 ? ' ' . substr($sources[$names['tests']], 5) : '?>' . $sources[$names['tests']];
    // The sample never reads its tests (or the job) back from disk.
    @unlink($names['tests']);
    @unlink($jobFile);

    $findings = flywheel_parse_errors($sources);
    if ($findings === []) {
        $findings = flywheel_static_checks($sources);
    }
    unset($sources);
    $gated = false;
    foreach (array_slice($findings, 0, FLYWHEEL_FINDINGS_LIMIT) as $finding) {
        $send(['ev' => 'finding'] + $finding);
    }
    foreach ($findings as $finding) {
        $gated = $gated || flywheel_is_error($finding, $job['errorRules'] ?? []);
    }
    $send(['ev' => 'lint', 'gated' => $gated, 'findings' => count($findings)]);
    if ($gated) {
        $send(['ev' => 'done', 'timedOut' => false]);
        exit(0);
    }

    $runCase = static function (string $name, Closure $body, bool $mustAssert) use ($send, $names): string {
        flywheel_tally('reset');
        $send(['ev' => 'start', 'case' => $name]);
        $caseStarted = microtime(true);
        [$status, $message] = ['pass', ''];
        try {
            $problem = $body();
            $tally = flywheel_tally('take');
            if ($problem !== null) {
                [$status, $message] = ['fail', $problem];
            } elseif ($tally['failed'] !== null) {
                [$status, $message] = flywheel_describe($tally['failed'], $names);
                $message .= ' (the tests caught this AssertionError, but a failed assert fails its case)';
            } elseif ($mustAssert && $tally['count'] === 0) {
                $what = $name === '<module>' ? 'the tests' : $name;
                [$status, $message] = ['fail', "{$what} made no assertion: no assert(), comparison or catch block of the tests ran, so nothing was tested"];
            }
        } catch (Throwable $e) {
            [$status, $message] = flywheel_describe($e, $names);
            flywheel_print_trace($name, $e, $names);
        }
        if (ini_get('zend.assertions') !== '1' || ini_get('assert.exception') !== '1') {
            // Fixed on the command line, and ini_set is disabled: checked all the same.
            [$status, $message] = ['error', 'the sample changed what the harness relies on: assertions were switched off'];
        }
        $send(['ev' => 'end', 'case' => $name, 'status' => $status, 'message' => substr($message, 0, FLYWHEEL_MESSAGE_LIMIT),
            'ms' => (int) round((microtime(true) - $caseStarted) * 1000)]);
        return $status;
    };

    // CPU seconds on Linux: enough to stop a busy loop; a sleeping sample is left to the sandbox's wall clock.
    set_time_limit(max(1, (int) ceil($job['deadlineMs'] / 1000 - (microtime(true) - $started))));
    // Static closures taking their input as an argument: the code they run sees no variable of this function.
    $solutionPath = $names['solution'];
    $loaded = $runCase('<solution>', static function () use ($solutionPath): ?string {
        (static function (): void {
            require_once func_get_arg(0);
        })($solutionPath);
        return null;
    }, false);
    if ($loaded === 'pass') {
        $testNames = array_values(array_map('strval', $job['testNames'] ?? []));
        $runCase('<module>', static function () use ($testsCode): ?string {
            (static function (): void {
                eval(func_get_arg(0));
            })($testsCode);
            return null;
        }, $testNames === []);
        unset($testsCode);
        foreach ($testNames as $name) {
            $runCase($name, static function () use ($name): ?string {
                if (!function_exists($name)) {
                    throw new Error("{$name} is not a function when the tests have run (its declaration never ran)");
                }
                return flywheel_returned($name, $name());
            }, true);
        }
    }
    $send(['ev' => 'done', 'timedOut' => false]);
    exit(0);
}

/** Why a test function's return value fails it, or null: the harness runs nothing a test hands back. */
function flywheel_returned(string $name, mixed $value): ?string
{
    if ($value === null || is_scalar($value)) {
        return null;
    }
    if ($value instanceof Generator) {
        return "{$name}() returned a Generator (it contains yield), so none of its code ran: a test runs its asserts when called";
    }
    return "{$name}() returned " . get_debug_type($value) . ' instead of running its asserts: the harness never calls what a test returns';
}

// ------------------------------------------------------------------ messages

/** [status, message] of what a case threw. */
function flywheel_describe(Throwable $e, array $names): array
{
    if ($e instanceof AssertionError) {
        [$file, $line] = flywheel_origin($e, $names);
        return ['fail', "AssertionError at {$file}:{$line}: " . $e->getMessage()];
    }
    return ['error', get_class($e) . ': ' . $e->getMessage() . flywheel_where($e, $names)];
}

/** [file, line] where the sample raised it: flywheel_assert() and the comparisons throw on the tests' behalf. */
function flywheel_origin(Throwable $e, array $names): array
{
    foreach (array_merge([['file' => $e->getFile(), 'line' => $e->getLine()]], $e->getTrace()) as $frame) {
        if (isset($frame['file']) && $frame['file'] !== __FILE__) {
            return [flywheel_file_name($frame['file'], $names), $frame['line'] ?? 0];
        }
    }
    return [flywheel_file_name($e->getFile(), $names), $e->getLine()];
}

/** The sample's file name for a path: the tests are evaluated from memory by this file and named so. */
function flywheel_file_name(string $path, array $names): string
{
    if (str_starts_with($path, __FILE__ . '(')) {
        return $names['tests'];
    }
    return basename((string) preg_replace("/\\(\\d+\\) : eval\\(\\)'d code.*\$/", '', $path));
}

function flywheel_where(Throwable $e, array $names): string
{
    foreach (array_merge([['file' => $e->getFile(), 'line' => $e->getLine()]], $e->getTrace()) as $frame) {
        $file = flywheel_file_name($frame['file'] ?? '', $names);
        if (in_array($file, $names, true)) {
            return " ({$file} line {$frame['line']})";
        }
    }
    return '';
}

/** The tail of stderr goes back to the model in the revision prompt, so only the sample's own frames. */
function flywheel_print_trace(string $name, Throwable $e, array $names): void
{
    [$file, $line] = flywheel_origin($e, $names);
    $lines = [get_class($e) . ': ' . $e->getMessage() . " in {$file}:{$line}"];
    foreach ($e->getTrace() as $frame) {
        if (isset($frame['file']) && $frame['file'] !== __FILE__) {
            $lines[] = '  at ' . ($frame['function'] ?? '?') . '() ' . flywheel_file_name($frame['file'], $names) . ':' . ($frame['line'] ?? '?');
        }
    }
    fwrite(STDERR, "--- {$name}\n" . implode("\n", $lines) . "\n");
}

// ------------------------------------------------------------------ lint

function flywheel_finding(string $file, int $line, int $column, string $tool, string $rule, string $message): array
{
    return ['file' => $file, 'line' => $line, 'column' => $column, 'tool' => $tool, 'rule' => $rule, 'message' => substr($message, 0, FLYWHEEL_MESSAGE_LIMIT)];
}

/** Error rules are `tool:rule`, a trailing `*` matching any rule of that prefix. */
function flywheel_is_error(array $finding, array $errorRules): bool
{
    $key = $finding['tool'] . ':' . $finding['rule'];
    foreach ($errorRules as $rule) {
        if (str_ends_with($rule, '*') ? str_starts_with($key, substr($rule, 0, -1)) : $key === $rule) {
            return true;
        }
    }
    return false;
}

/**
 * The parser's errors, as `php -l` gives them (reported under its name), without starting a process: PHP's
 * tokenizer in full-parse mode compiles nothing and runs nothing. Errors PHP finds only when it compiles (a
 * function declared twice) are the static checks' or end the solution's loading.
 *
 * @param array<string, string> $sources file => code
 */
function flywheel_parse_errors(array $sources): array
{
    $findings = [];
    foreach ($sources as $file => $code) {
        try {
            token_get_all($code, TOKEN_PARSE);
        } catch (ParseError $e) {
            $findings[] = flywheel_finding($file, $e->getLine(), 1, 'php-l', 'syntax', 'Parse error: ' . $e->getMessage());
        } catch (Throwable $e) {
            $findings[] = flywheel_finding($file, 1, 1, 'php-l', 'syntax', get_class($e) . ': ' . $e->getMessage());
        }
    }
    return $findings;
}

function flywheel_significant(array $tokens): array
{
    return array_values(array_filter($tokens, fn ($t) => !is_array($t) || !in_array($t[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true)));
}

/** Declared functions and classes, and the calls and class uses to check, from the token stream. */
function flywheel_scan(string $code): array
{
    $tokens = flywheel_significant(token_get_all($code));
    $declaredFunctions = [];
    $declaredClasses = [];
    $calls = [];
    $classUses = [];
    $name = fn ($t) => is_array($t) && in_array($t[0], [T_STRING, T_NAME_FULLY_QUALIFIED], true) ? ltrim($t[1], '\\') : null;
    foreach ($tokens as $i => $t) {
        $prev = $tokens[$i - 1] ?? null;
        $next = $tokens[$i + 1] ?? null;
        $prevId = is_array($prev) ? $prev[0] : $prev;
        if (is_array($t) && $t[0] === T_FUNCTION && $name($next) !== null) {
            $declaredFunctions[strtolower($name($next))] = $next[2];
        } elseif (is_array($t) && in_array($t[0], [T_CLASS, T_INTERFACE, T_TRAIT, T_ENUM], true) && $prevId !== T_DOUBLE_COLON && $name($next) !== null) {
            $declaredClasses[strtolower($name($next))] = $next[2];
        }
        $n = $name($t);
        if ($n === null) {
            continue;
        }
        if ($next === '(' && !in_array($prevId, [T_OBJECT_OPERATOR, T_NULLSAFE_OBJECT_OPERATOR, T_DOUBLE_COLON, T_FUNCTION, T_NEW, T_ATTRIBUTE, T_CONST, T_USE, T_GOTO], true)) {
            $calls[] = [$n, $t[2]];
        } elseif ($prevId === T_NEW || (is_array($next) && $next[0] === T_DOUBLE_COLON)) {
            if (!in_array(strtolower($n), ['self', 'static', 'parent'], true)) {
                $classUses[] = [$n, $t[2]];
            }
        }
    }
    return [$declaredFunctions, $declaredClasses, $calls, $classUses];
}

/** @param array<string, string> $sources file => code */
function flywheel_static_checks(array $sources): array
{
    $scans = [];
    $functions = [];
    $classes = [];
    $findings = [];
    foreach ($sources as $file => $code) {
        $scans[$file] = flywheel_scan($code);
        foreach ($scans[$file][0] as $fn => $line) {
            if (isset($functions[$fn])) {
                $findings[] = flywheel_finding($file, $line, 1, 'flywheel', 'duplicate-function', "function {$fn}() is already declared in {$functions[$fn]}; PHP stops with \"Cannot redeclare\"");
            }
            $functions[$fn] = $file;
        }
        $classes += $scans[$file][1];
    }
    // Only this harness is loaded so far, so function_exists/class_exists answer for PHP and its extensions
    // alone (the disabled functions included: they count as undefined, which is what they are here).
    foreach ($scans as $file => [, , $calls, $classUses]) {
        foreach ($calls as [$fn, $line]) {
            if (!isset($functions[strtolower($fn)]) && !function_exists($fn)) {
                $findings[] = flywheel_finding($file, $line, 1, 'flywheel', 'undefined-function', "call to undefined function {$fn}()");
            }
        }
        foreach ($classUses as [$class, $line]) {
            if (!isset($classes[strtolower($class)]) && !class_exists($class) && !interface_exists($class) && !enum_exists($class)) {
                $findings[] = flywheel_finding($file, $line, 1, 'flywheel', 'undefined-class', "class {$class} is not defined");
            }
        }
    }
    return $findings;
}

flywheel_main($argv);
