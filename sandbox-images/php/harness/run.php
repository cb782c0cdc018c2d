<?php
// Flywheel test harness for PHP samples: lint (php -l, then static checks for calls to functions and classes
// that neither the files nor this PHP define), then, only if no defect was found, the tests case by case.
// The report file is rewritten after each case, and once more from a shutdown function, so a run ended by a
// fatal error, exit() or the time limit still says what passed and what was running.
//
// Run as: php -d zend.assertions=1 -d assert.exception=1 -d display_errors=stderr -d log_errors=0 run.php flywheel-job.json

declare(strict_types=1);

const FW_MESSAGE_LIMIT = 2000;
const FW_VALUE_LIMIT = 300;

$fwStarted = $fwCaseStarted = microtime(true);
$fwJob = json_decode((string) file_get_contents($argv[1] ?? 'flywheel-job.json'), true, 16, JSON_THROW_ON_ERROR);
$fwReport = ['version' => 1, 'phase' => 'lint', 'lint' => [], 'gated' => false, 'cases' => [], 'running' => null,
    'done' => false, 'timedOut' => false, 'tool' => 'php -l + static checks'];

function fw_write_report(): void
{
    global $fwJob, $fwReport;
    // Written whole and renamed into place: a kill mid-write leaves the previous report, never half of one.
    $tmp = $fwJob['report'] . '.tmp';
    file_put_contents($tmp, json_encode($fwReport, JSON_INVALID_UTF8_SUBSTITUTE | JSON_PARTIAL_OUTPUT_ON_ERROR));
    rename($tmp, $fwJob['report']);
}

function fw_finding(string $file, int $line, int $column, string $tool, string $rule, string $message): array
{
    return ['file' => $file, 'line' => $line, 'column' => $column, 'tool' => $tool, 'rule' => $rule, 'message' => $message];
}

/** Error rules are `tool:rule`, a trailing `*` matching any rule of that prefix. */
function fw_is_error(array $finding, array $errorRules): bool
{
    $key = $finding['tool'] . ':' . $finding['rule'];
    foreach ($errorRules as $rule) {
        if (str_ends_with($rule, '*') ? str_starts_with($key, substr($rule, 0, -1)) : $key === $rule) {
            return true;
        }
    }
    return false;
}

// ------------------------------------------------------------------ lint

/**
 * `php -l` compiles without running, so it also catches compile-time errors tree-sitter accepts. Both files
 * are linted by two processes at once: each costs a PHP start-up.
 */
function fw_php_lint(array $files): array
{
    $procs = [];
    foreach ($files as $file) {
        $cmd = [PHP_BINARY, '-n', '-d', 'display_errors=stdout', '-d', 'error_reporting=-1', '-l', $file];
        $procs[$file] = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes);
        $procs[$file] = [$procs[$file], $pipes[1]];
    }
    $findings = [];
    foreach ($procs as $file => [$proc, $out]) {
        $text = (string) stream_get_contents($out);
        fclose($out);
        $code = proc_close($proc);
        if ($code === 0) {
            continue;
        }
        if (preg_match('/(?:PHP )?(Parse error|Fatal error):\s*(.*?) in (.*?) on line (\d+)/', $text, $m)) {
            $findings[] = fw_finding($file, (int) $m[4], 1, 'php-l', 'syntax', "{$m[1]}: {$m[2]}");
        } else {
            $findings[] = fw_finding($file, 1, 1, 'php-l', 'syntax', trim($text) ?: "php -l failed with exit code $code");
        }
    }
    return $findings;
}

function fw_significant(array $tokens): array
{
    return array_values(array_filter($tokens, fn ($t) => !is_array($t) || !in_array($t[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true)));
}

/** Declared functions and classes, and the calls and class uses to check, from the token stream. */
function fw_scan(string $file, string $code): array
{
    $tokens = fw_significant(token_get_all($code));
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

function fw_static_checks(array $files): array
{
    $scans = [];
    $functions = [];
    $classes = [];
    $findings = [];
    foreach ($files as $file) {
        $scans[$file] = fw_scan($file, (string) file_get_contents($file));
        foreach ($scans[$file][0] as $fn => $line) {
            if (isset($functions[$fn])) {
                $findings[] = fw_finding($file, $line, 1, 'flywheel', 'duplicate-function', "function $fn() is already declared in {$functions[$fn]}; PHP stops with \"Cannot redeclare\"");
            }
            $functions[$fn] = $file;
        }
        $classes += $scans[$file][1];
    }
    // Only this harness is loaded so far, so function_exists/class_exists answer for PHP and its extensions alone.
    foreach ($scans as $file => [, , $calls, $classUses]) {
        foreach ($calls as [$fn, $line]) {
            if (!isset($functions[strtolower($fn)]) && !function_exists($fn)) {
                $findings[] = fw_finding($file, $line, 1, 'flywheel', 'undefined-function', "call to undefined function $fn()");
            }
        }
        foreach ($classUses as [$class, $line]) {
            if (!isset($classes[strtolower($class)]) && !class_exists($class) && !interface_exists($class) && !enum_exists($class)) {
                $findings[] = fw_finding($file, $line, 1, 'flywheel', 'undefined-class', "class $class is not defined");
            }
        }
    }
    return $findings;
}

// ------------------------------------------------------------------ test

function fw_value(string $expr): ?string
{
    // Sides without variables (the usual `assert(f([1, 2]) === [2, 1])`) are evaluated again to show the values.
    if (str_contains($expr, '$')) {
        return null;
    }
    try {
        $value = eval("return $expr;");
        $text = json_encode($value, JSON_PRESERVE_ZERO_FRACTION | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        if ($text === false || is_object($value)) {
            $text = preg_replace('/\s+/', ' ', var_export($value, true)) ?? '';
        }
        return strlen($text) > FW_VALUE_LIMIT ? substr($text, 0, FW_VALUE_LIMIT) . '...' : $text;
    } catch (Throwable) {
        return null;
    }
}

function fw_explain_assertion(AssertionError $e): string
{
    $text = "AssertionError at " . basename($e->getFile()) . ":" . $e->getLine() . ": " . $e->getMessage();
    if (preg_match('/^assert\((.*)\)$/s', $e->getMessage(), $m)) {
        $depth = 0;
        $tokens = token_get_all('<?php ' . $m[1] . ';');
        $left = '';
        $op = null;
        $right = '';
        foreach (array_slice($tokens, 1) as $t) {
            $s = is_array($t) ? $t[1] : $t;
            if (in_array($s, ['(', '[', '{'], true)) {
                $depth++;
            } elseif (in_array($s, [')', ']', '}'], true)) {
                $depth--;
            }
            if ($depth === 0 && $op === null && is_array($t) && in_array($t[0], [T_IS_IDENTICAL, T_IS_EQUAL, T_IS_NOT_IDENTICAL, T_IS_NOT_EQUAL, T_IS_SMALLER_OR_EQUAL, T_IS_GREATER_OR_EQUAL], true)) {
                $op = $s;
            } elseif ($op === null) {
                $left .= $s;
            } else {
                $right .= $s;
            }
        }
        $right = rtrim($right, '; ');
        if ($op !== null && ($l = fw_value($left)) !== null && ($r = fw_value($right)) !== null) {
            $text .= " -- left: $l, right: $r";
        }
    }
    return $text;
}

function fw_where(Throwable $e): string
{
    global $fwJob;
    foreach (array_merge([['file' => $e->getFile(), 'line' => $e->getLine()]], $e->getTrace()) as $frame) {
        $file = basename($frame['file'] ?? '');
        if (in_array($file, [$fwJob['solution'], $fwJob['tests']], true)) {
            return " ($file line {$frame['line']})";
        }
    }
    return '';
}

/** The tail of stderr goes back to the model in the revision prompt, so only the sample's own frames. */
function fw_print_trace(string $name, Throwable $e): void
{
    $lines = [get_class($e) . ': ' . $e->getMessage() . ' in ' . basename($e->getFile()) . ':' . $e->getLine()];
    foreach ($e->getTrace() as $frame) {
        if (isset($frame['file']) && !str_starts_with($frame['file'], __DIR__)) {
            $lines[] = '  at ' . ($frame['function'] ?? '?') . '() ' . basename($frame['file']) . ':' . ($frame['line'] ?? '?');
        }
    }
    fwrite(STDERR, "--- $name\n" . implode("\n", $lines) . "\n");
}

function fw_run_case(string $name, callable $fn): string
{
    global $fwReport, $fwCaseStarted;
    $fwReport['running'] = $name;
    fw_write_report();
    $started = $fwCaseStarted = microtime(true);
    $status = 'pass';
    $message = '';
    try {
        $fn();
    } catch (AssertionError $e) {
        $status = 'fail';
        $message = fw_explain_assertion($e);
        fw_print_trace($name, $e);
    } catch (Throwable $e) {
        $status = 'error';
        $message = get_class($e) . ': ' . $e->getMessage() . fw_where($e);
        fw_print_trace($name, $e);
    }
    fw_end_case($status, $message, $started);
    return $status;
}

function fw_end_case(string $status, string $message, float $started): void
{
    global $fwReport;
    $fwReport['cases'][] = ['name' => $fwReport['running'], 'status' => $status, 'message' => substr($message, 0, FW_MESSAGE_LIMIT),
        'durationMs' => (int) round((microtime(true) - $started) * 1000)];
    $fwReport['running'] = null;
    fw_write_report();
}

register_shutdown_function(function (): void {
    global $fwReport, $fwCaseStarted;
    if ($fwReport['done']) {
        return;
    }
    // A fatal error (time or memory limit, redeclared function) or exit() ended the run inside a case.
    $error = error_get_last();
    $fatal = $error !== null && in_array($error['type'], [E_ERROR, E_CORE_ERROR, E_COMPILE_ERROR, E_PARSE], true);
    if ($fatal && str_contains($error['message'], 'Maximum execution time')) {
        $fwReport['timedOut'] = true;
        $message = 'timed out: the time limit was reached while this case ran';
    } elseif ($fatal) {
        $message = 'Fatal error: ' . $error['message'] . ' (' . basename($error['file']) . ' line ' . $error['line'] . ')';
    } else {
        $message = 'the test run ended early (exit() or die() was called)';
    }
    if ($fwReport['running'] !== null) {
        fw_end_case('error', $message, $fwCaseStarted);
    }
    $fwReport['done'] = true;
    fw_write_report();
});

// PHP's own limit, under the sandbox's, ends a runaway allocation with a catchable report instead of a kill.
if (isset($fwJob['memoryMb'])) {
    ini_set('memory_limit', max(16, (int) ($fwJob['memoryMb'] * 0.85)) . 'M');
}
fw_write_report();
$fwReport['lint'] = fw_php_lint([$fwJob['solution'], $fwJob['tests']]);
if ($fwReport['lint'] === []) {
    $fwReport['lint'] = fw_static_checks([$fwJob['solution'], $fwJob['tests']]);
}
$fwReport['gated'] = array_filter($fwReport['lint'], fn ($f) => fw_is_error($f, $fwJob['errorRules'] ?? [])) !== [];

if (!$fwReport['gated']) {
    $fwReport['phase'] = 'test';
    // CPU seconds on Linux: enough to stop a busy loop; a sleeping sample is left to the sandbox's wall clock.
    set_time_limit(max(1, (int) ceil($fwJob['deadlineMs'] / 1000 - (microtime(true) - $fwStarted))));
    $fwSolutionOk = fw_run_case('<solution>', function () use ($fwJob): void {
        require_once $fwJob['solution'];
    }) === 'pass';
    if ($fwSolutionOk) {
        // Loading the solution is not a test case: only its failure is worth reporting.
        array_pop($fwReport['cases']);
        $fwReport['running'] = '<module>';
        fw_write_report();
        $fwStartedModule = $fwCaseStarted = microtime(true);
        $fwStatus = 'pass';
        $fwMessage = '';
        try {
            // Included at the top level so the tests' variables are globals, as when run on their own.
            require $fwJob['tests'];
        } catch (AssertionError $fwError) {
            [$fwStatus, $fwMessage] = ['fail', fw_explain_assertion($fwError)];
            fw_print_trace('<module>', $fwError);
        } catch (Throwable $fwError) {
            [$fwStatus, $fwMessage] = ['error', get_class($fwError) . ': ' . $fwError->getMessage() . fw_where($fwError)];
            fw_print_trace('<module>', $fwError);
        }
        fw_end_case($fwStatus, $fwMessage, $fwStartedModule);
        $fwTests = [];
        foreach (get_defined_functions()['user'] as $fwName) {
            $fwRef = new ReflectionFunction($fwName);
            if (basename((string) $fwRef->getFileName()) === $fwJob['tests'] && str_starts_with(strtolower($fwRef->getName()), 'test')) {
                $fwTests[$fwRef->getStartLine()] = $fwRef;
            }
        }
        ksort($fwTests);
        if ($fwTests !== [] && $fwStatus === 'pass') {
            // With test functions the file body is only their definitions: not a case of its own.
            array_pop($fwReport['cases']);
        }
        foreach ($fwTests as $fwRef) {
            fw_run_case($fwRef->getName(), fn () => $fwRef->invoke());
        }
    }
}
$fwReport['done'] = true;
fw_write_report();
