<?php
// Flywheel test harness for PHP samples: lint (php -l, then static checks for calls to functions and classes
// that neither the files nor this PHP define), then, only if no defect was found, the tests case by case, each
// reported as it starts and ends over the verdict channel (fd 3, see the runner's channel.py).
//
// What decides a case is out of the sample's reach as far as PHP allows: the channel's nonce and every bit of
// state live in private static properties of a final class (not in $GLOBALS); its methods refuse to be called
// from anywhere but this file's top level; the tests file and the job file are gone from disk before any sample
// code loads (the tests are evaluated from memory, at the top level, so their variables are still globals); and
// the interpreter is started with the functions that could switch assertions off or outlive the run disabled
// (ini_set, assert_options, register_shutdown_function, ...), FFI off, zend.assertions=1 and assert.exception=1.
// A run that ends early (exit, a fatal error, a limit) simply never finishes its report: the host fails it.
//
// Run as: php -d ... run.php flywheel-job.json (the flags are in src/languages/php.ts).

declare(strict_types=1);

final class FlywheelHarness
{
    private const MESSAGE_LIMIT = 2000;
    private const VALUE_LIMIT = 300;
    private const FINDINGS_LIMIT = 200;

    /** @var resource|null */
    private static $channel = null;
    private static string $prefix = '';
    private static array $job = [];
    private static string $testsSource = '';
    private static string $step = 'new';
    /** Lint stopped the run, or the solution did not load: no test function runs. */
    private static bool $stopped = true;
    private static ?string $running = null;
    private static float $caseStarted = 0.0;
    private static float $started = 0.0;

    /** Each step of the run happens once, in order, and only from this file's own top level. */
    private static function step(string $from, string $to): void
    {
        $frames = debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS, 3);
        $caller = $frames[1] ?? [];
        if (($caller['file'] ?? '') !== __FILE__ || isset($frames[2]) || self::$step !== $from) {
            fwrite(STDERR, "flywheel harness: {$to} was called out of turn\n");
            exit(70);
        }
        self::$step = $to;
    }

    private static function send(array $record): void
    {
        $json = json_encode($record, JSON_INVALID_UTF8_SUBSTITUTE | JSON_PARTIAL_OUTPUT_ON_ERROR | JSON_UNESCAPED_SLASHES);
        // A failed write (the sample closed fd 3) leaves its cases unreported, which fails them.
        @fwrite(self::$channel, self::$prefix . $json);
    }

    /** Reads the channel's nonce, the job and the sources, lints, and loads the solution. Returns the tests' source to evaluate, or null. */
    public static function begin(array $argv): ?string
    {
        self::step('new', 'begun');
        self::$started = microtime(true);
        self::$channel = @fopen('php://fd/3', 'r+');
        if (self::$channel === false) {
            fwrite(STDERR, "flywheel harness: no verdict channel on fd 3\n");
            exit(2);
        }
        self::$prefix = (string) fread(self::$channel, 256) . ':';
        $jobFile = $argv[1] ?? 'flywheel-job.json';
        self::$job = json_decode((string) file_get_contents($jobFile), true, 16, JSON_THROW_ON_ERROR);
        $solution = self::$job['solution'];
        $tests = self::$job['tests'];
        self::$testsSource = (string) file_get_contents($tests);

        $findings = self::phpLint([$solution, $tests]);
        if ($findings === []) {
            $findings = self::staticChecks([$solution => (string) file_get_contents($solution), $tests => self::$testsSource]);
        }
        // The sample never reads its tests (or the job) back from disk.
        @unlink($tests);
        @unlink($jobFile);
        $gated = false;
        foreach (array_slice($findings, 0, self::FINDINGS_LIMIT) as $finding) {
            self::send(['ev' => 'finding'] + $finding);
        }
        foreach ($findings as $finding) {
            $gated = $gated || self::isError($finding, self::$job['errorRules'] ?? []);
        }
        self::send(['ev' => 'lint', 'gated' => $gated, 'findings' => count($findings)]);
        if ($gated) {
            return null;
        }
        // CPU seconds on Linux: enough to stop a busy loop; a sleeping sample is left to the sandbox's wall clock.
        set_time_limit(max(1, (int) ceil(self::$job['deadlineMs'] / 1000 - (microtime(true) - self::$started))));
        $loaded = self::runCase('<solution>', function () use ($solution): void {
            require_once $solution;
        });
        if ($loaded !== 'pass') {
            return null;
        }
        self::$stopped = false;
        self::start('<module>');
        return '?>' . self::$testsSource;
    }

    /** The tests' top level threw. */
    public static function moduleFailed(Throwable $error): void
    {
        self::step('begun', 'module-failed');
        [$status, $message] = self::describe($error);
        self::printTrace('<module>', $error);
        self::end($status, $message);
    }

    /** Ends the module case (if it did not fail), runs the test functions, completes the report and exits. */
    public static function finish(): never
    {
        self::step(self::$step === 'module-failed' ? 'module-failed' : 'begun', 'finished');
        if (self::$running === '<module>') {
            self::end('pass', '');
        }
        foreach (self::$stopped ? [] : self::$job['testNames'] ?? [] as $name) {
            self::runCase($name, function () use ($name): void {
                if (!function_exists($name)) {
                    throw new Error("{$name} is not a function when the tests have run (its declaration never ran)");
                }
                $name();
            });
        }
        self::send(['ev' => 'done', 'timedOut' => false]);
        exit(0);
    }

    // ------------------------------------------------------------------ cases

    private static function start(string $name): void
    {
        self::$running = $name;
        self::$caseStarted = microtime(true);
        self::send(['ev' => 'start', 'case' => $name]);
    }

    private static function end(string $status, string $message): void
    {
        $tampered = self::tampered();
        if ($tampered !== null) {
            [$status, $message] = ['error', "the sample changed what the harness relies on: {$tampered}"];
        }
        self::send(['ev' => 'end', 'case' => self::$running, 'status' => $status, 'message' => substr($message, 0, self::MESSAGE_LIMIT),
            'ms' => (int) round((microtime(true) - self::$caseStarted) * 1000)]);
        self::$running = null;
    }

    /** The settings an assert() relies on, checked after every case (they are fixed on the command line and ini_set is disabled). */
    private static function tampered(): ?string
    {
        if (ini_get('zend.assertions') !== '1' || ini_get('assert.exception') !== '1' || ini_get('assert.active') !== '1') {
            return 'assertions were switched off';
        }
        return null;
    }

    private static function runCase(string $name, callable $fn): string
    {
        self::start($name);
        $status = 'pass';
        $message = '';
        try {
            $fn();
        } catch (Throwable $e) {
            [$status, $message] = self::describe($e);
            self::printTrace($name, $e);
        }
        self::end($status, $message);
        return $status;
    }

    /** [status, message] of what a case threw. */
    private static function describe(Throwable $e): array
    {
        if ($e instanceof AssertionError) {
            return ['fail', self::explainAssertion($e)];
        }
        return ['error', get_class($e) . ': ' . $e->getMessage() . self::where($e)];
    }

    /** The sample's file name for a path: the tests are evaluated from memory and named so. */
    private static function fileName(string $path): string
    {
        return str_contains($path, "eval()'d code") ? self::$job['tests'] : basename($path);
    }

    private static function value(string $expr): ?string
    {
        // Sides without variables (the usual `assert(f([1, 2]) === [2, 1])`) are evaluated again to show the
        // values; the case has failed already, so nothing the sample does here can change that.
        if (str_contains($expr, '$')) {
            return null;
        }
        try {
            $value = eval("return {$expr};");
            $text = json_encode($value, JSON_PRESERVE_ZERO_FRACTION | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
            if ($text === false) {
                return null;
            }
            return strlen($text) > self::VALUE_LIMIT ? substr($text, 0, self::VALUE_LIMIT) . '...' : $text;
        } catch (Throwable) {
            return null;
        }
    }

    private static function explainAssertion(AssertionError $e): string
    {
        $text = 'AssertionError at ' . self::fileName($e->getFile()) . ':' . $e->getLine() . ': ' . $e->getMessage();
        if (preg_match('/^assert\((.*)\)$/s', $e->getMessage(), $m)) {
            $depth = 0;
            $op = null;
            $left = '';
            $right = '';
            foreach (array_slice(token_get_all('<?php ' . $m[1] . ';'), 1) as $t) {
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
            if ($op !== null && ($l = self::value($left)) !== null && ($r = self::value(rtrim($right, '; '))) !== null) {
                $text .= " -- left: {$l}, right: {$r}";
            }
        }
        return $text;
    }

    private static function where(Throwable $e): string
    {
        foreach (array_merge([['file' => $e->getFile(), 'line' => $e->getLine()]], $e->getTrace()) as $frame) {
            $file = self::fileName($frame['file'] ?? '');
            if (in_array($file, [self::$job['solution'], self::$job['tests']], true)) {
                return " ({$file} line {$frame['line']})";
            }
        }
        return '';
    }

    /** The tail of stderr goes back to the model in the revision prompt, so only the sample's own frames. */
    private static function printTrace(string $name, Throwable $e): void
    {
        $lines = [get_class($e) . ': ' . $e->getMessage() . ' in ' . self::fileName($e->getFile()) . ':' . $e->getLine()];
        foreach ($e->getTrace() as $frame) {
            if (isset($frame['file']) && $frame['file'] !== __FILE__) {
                $lines[] = '  at ' . ($frame['function'] ?? '?') . '() ' . self::fileName($frame['file']) . ':' . ($frame['line'] ?? '?');
            }
        }
        fwrite(STDERR, "--- {$name}\n" . implode("\n", $lines) . "\n");
    }

    // ------------------------------------------------------------------ lint

    private static function finding(string $file, int $line, int $column, string $tool, string $rule, string $message): array
    {
        return ['file' => $file, 'line' => $line, 'column' => $column, 'tool' => $tool, 'rule' => $rule, 'message' => substr($message, 0, self::MESSAGE_LIMIT)];
    }

    /** Error rules are `tool:rule`, a trailing `*` matching any rule of that prefix. */
    private static function isError(array $finding, array $errorRules): bool
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
     * `php -l` compiles without running, so it also catches compile-time errors tree-sitter accepts. Both files
     * are linted by two processes at once: each costs a PHP start-up.
     */
    private static function phpLint(array $files): array
    {
        $procs = [];
        foreach ($files as $file) {
            $cmd = [PHP_BINARY, '-n', '-d', 'display_errors=stdout', '-d', 'error_reporting=-1', '-l', $file];
            $proc = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes);
            $procs[$file] = [$proc, $pipes[1]];
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
                $findings[] = self::finding($file, (int) $m[4], 1, 'php-l', 'syntax', "{$m[1]}: {$m[2]}");
            } else {
                $findings[] = self::finding($file, 1, 1, 'php-l', 'syntax', trim($text) ?: "php -l failed with exit code {$code}");
            }
        }
        return $findings;
    }

    private static function significant(array $tokens): array
    {
        return array_values(array_filter($tokens, fn ($t) => !is_array($t) || !in_array($t[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true)));
    }

    /** Declared functions and classes, and the calls and class uses to check, from the token stream. */
    private static function scan(string $code): array
    {
        $tokens = self::significant(token_get_all($code));
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
    private static function staticChecks(array $sources): array
    {
        $scans = [];
        $functions = [];
        $classes = [];
        $findings = [];
        foreach ($sources as $file => $code) {
            $scans[$file] = self::scan($code);
            foreach ($scans[$file][0] as $fn => $line) {
                if (isset($functions[$fn])) {
                    $findings[] = self::finding($file, $line, 1, 'flywheel', 'duplicate-function', "function {$fn}() is already declared in {$functions[$fn]}; PHP stops with \"Cannot redeclare\"");
                }
                $functions[$fn] = $file;
            }
            $classes += $scans[$file][1];
        }
        // Only this harness is loaded so far, so function_exists/class_exists answer for PHP and its extensions
        // alone (the disabled functions included: they count as undefined, which is what they are here).
        foreach ($scans as $file => [, , $calls, $classUses]) {
            foreach ($calls as [$fn, $line]) {
                if (!isset($functions[strtolower($fn)]) && !function_exists($fn) && strcasecmp($fn, self::class) !== 0) {
                    $findings[] = self::finding($file, $line, 1, 'flywheel', 'undefined-function', "call to undefined function {$fn}()");
                }
            }
            foreach ($classUses as [$class, $line]) {
                if (!isset($classes[strtolower($class)]) && !class_exists($class) && !interface_exists($class) && !enum_exists($class)) {
                    $findings[] = self::finding($file, $line, 1, 'flywheel', 'undefined-class', "class {$class} is not defined");
                }
            }
        }
        return $findings;
    }
}

$__flywheel_tests = FlywheelHarness::begin($argv);
if ($__flywheel_tests !== null) {
    try {
        // At the top level, so the tests' variables are globals as when the file runs on its own.
        eval($__flywheel_tests);
    } catch (Throwable $__flywheel_error) {
        FlywheelHarness::moduleFailed($__flywheel_error);
    }
}
FlywheelHarness::finish();
