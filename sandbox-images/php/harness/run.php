<?php
// Flywheel test harness for PHP samples: lint (a full parse without running anything, then static checks for
// calls to functions and classes that neither the files nor this PHP define), then, only if no defect was found,
// the tests case by case, each reported as it starts and ends over the verdict channel (fd 3, see the runner's
// channel.py).
//
// What decides a case is out of the sample's reach as far as PHP allows. The channel and its nonce live in static
// variables of one function, which refuses every caller but this file (a function's statics are reachable
// neither through $GLOBALS nor by binding a closure to a class); Reflection is disabled, and so are the functions
// that could switch assertions off, outlive the run or start another process (ini_set, assert_options,
// register_shutdown_function, proc_open, exec, ...), FFI is off, files outside the work directory cannot be
// opened (no /proc/self/mem), and the tests file and the job file are gone from disk before any sample code loads
// (the tests are evaluated from memory, at the top level, so their variables are still globals). The host rewrote
// the tests' comparisons to call flywheel_check() and flywheel_eq(), which show both sides of a failed assert
// and refuse PHP's loose `true == [1, 2]`. A run that ends early (exit, a fatal error, a limit) simply never
// finishes its report: the host fails it.
//
// Run as: php -d ... run.php flywheel-job.json (the settings are in src/languages/php.ts).

declare(strict_types=1);

const FLYWHEEL_MESSAGE_LIMIT = 2000;
const FLYWHEEL_VALUE_LIMIT = 300;
const FLYWHEEL_FINDINGS_LIMIT = 200;

/** Refuses a call from anywhere but this file (not from the sample's files, nor from code they evaluate). */
function flywheel_only_harness(): void
{
    $frames = debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS, 2);
    if (($frames[1]['file'] ?? '') !== __FILE__) {
        fwrite(STDERR, "flywheel harness: called from outside the harness\n");
        exit(70);
    }
}

/** Sends one record to the runner; the first call opens the channel and reads its nonce. */
function flywheel_send(?array $record): bool
{
    static $channel = null;
    static $prefix = '';
    flywheel_only_harness();
    if ($channel === null) {
        $channel = @fopen('php://fd/3', 'r+');
        if ($channel === false) {
            return false;
        }
        // Blocks until the runner hands this process its job (it may have been started before the job existed).
        $prefix = (string) fread($channel, 256) . ':';
    }
    if ($record !== null) {
        $json = json_encode($record, JSON_INVALID_UTF8_SUBSTITUTE | JSON_PARTIAL_OUTPUT_ON_ERROR | JSON_UNESCAPED_SLASHES);
        // A failed write (the sample closed fd 3) leaves its cases unreported, which fails them.
        @fwrite($channel, $prefix . $json);
    }
    return true;
}

/**
 * PHP's `==` without its bool and null juggling: `true == [1, 2]` and `null == 0` hold in PHP, so a sample that
 * returns true (or null) would equal every truthy (or empty) expected value. A bool, a null or an object meets only
 * its own kind here; arrays compare element by element the same way; the rest is PHP's `==`.
 */
function flywheel_eq(mixed $a, mixed $b): bool
{
    if (is_bool($a) !== is_bool($b) || is_null($a) !== is_null($b) || is_object($a) !== is_object($b)) {
        return false;
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
    return $a == $b;
}

/** A comparison the host rewrote in an assert(): its result, and both sides kept for the message when false. */
function flywheel_check(mixed $a, string $op, mixed $b): bool
{
    $result = match ($op) {
        '==' => flywheel_eq($a, $b),
        '!=', '<>' => !flywheel_eq($a, $b),
        '===' => $a === $b,
        '!==' => $a !== $b,
        '<' => $a < $b,
        '>' => $a > $b,
        '<=' => $a <= $b,
        '>=' => $a >= $b,
        default => false,
    };
    if (!$result) {
        FlywheelHarness::remember(debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS, 1)[0]['line'] ?? 0, flywheel_show($a), $op, flywheel_show($b));
    }
    return $result;
}

function flywheel_show(mixed $value): string
{
    $text = json_encode($value, JSON_PRESERVE_ZERO_FRACTION | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PARTIAL_OUTPUT_ON_ERROR);
    if ($text === false || is_object($value)) {
        $text = is_object($value) ? 'object(' . get_class($value) . ')' : gettype($value);
    }
    return strlen($text) > FLYWHEEL_VALUE_LIMIT ? substr($text, 0, FLYWHEEL_VALUE_LIMIT) . '...' : $text;
}

final class FlywheelHarness
{
    private static array $job = [];
    private static string $testsSource = '';
    private static string $step = 'new';
    /** Lint stopped the run, or the solution did not load: no test function runs. */
    private static bool $stopped = true;
    private static ?string $running = null;
    private static float $caseStarted = 0.0;
    private static float $started = 0.0;
    private static ?array $lastFalse = null;

    /** Each step of the run happens once, in order, and only from this file's own top level. */
    private static function step(string $from, string $to): void
    {
        $frames = debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS, 3);
        if (($frames[1]['file'] ?? '') !== __FILE__ || isset($frames[2]) || self::$step !== $from) {
            fwrite(STDERR, "flywheel harness: {$to} was called out of turn\n");
            exit(70);
        }
        self::$step = $to;
    }

    /** Both sides of the last failed comparison, for the message (harmless from anywhere: only a message). */
    public static function remember(int $line, string $left, string $op, string $right): void
    {
        self::$lastFalse = [$line, $left, $op, $right];
    }

    /** Reads the channel's nonce, the job and the sources, lints, and loads the solution. */
    public static function begin(array $argv): void
    {
        self::step('new', 'begun');
        if (!flywheel_send(null)) {
            fwrite(STDERR, "flywheel harness: no verdict channel on fd 3\n");
            exit(2);
        }
        self::$started = microtime(true);
        $jobFile = $argv[1] ?? 'flywheel-job.json';
        self::$job = json_decode((string) file_get_contents($jobFile), true, 16, JSON_THROW_ON_ERROR);
        $solution = self::$job['solution'];
        $tests = self::$job['tests'];
        $sources = [$solution => (string) file_get_contents($solution), $tests => (string) file_get_contents($tests)];
        self::$testsSource = $sources[$tests];
        // The sample never reads its tests (or the job) back from disk.
        @unlink($tests);
        @unlink($jobFile);

        $findings = self::parseErrors($sources);
        if ($findings === []) {
            $findings = self::staticChecks($sources);
        }
        $gated = false;
        foreach (array_slice($findings, 0, FLYWHEEL_FINDINGS_LIMIT) as $finding) {
            flywheel_send(['ev' => 'finding'] + $finding);
        }
        foreach ($findings as $finding) {
            $gated = $gated || self::isError($finding, self::$job['errorRules'] ?? []);
        }
        flywheel_send(['ev' => 'lint', 'gated' => $gated, 'findings' => count($findings)]);
        if ($gated) {
            return;
        }
        // CPU seconds on Linux: enough to stop a busy loop; a sleeping sample is left to the sandbox's wall clock.
        set_time_limit(max(1, (int) ceil(self::$job['deadlineMs'] / 1000 - (microtime(true) - self::$started))));
        $loaded = self::runCase('<solution>', function () use ($solution): void {
            require_once $solution;
        });
        if ($loaded === 'pass') {
            self::$stopped = false;
            self::start('<module>');
        }
    }

    /** The tests' code to evaluate at the top level, once (an empty string when they do not run). */
    public static function tests(): string
    {
        self::step('begun', 'loading');
        $code = self::$stopped ? '' : '?>' . self::$testsSource;
        self::$testsSource = '';
        return $code;
    }

    /** The tests' top level threw. */
    public static function moduleFailed(Throwable $error): void
    {
        self::step('loading', 'module-failed');
        [$status, $message] = self::describe($error);
        self::printTrace('<module>', $error);
        self::end($status, $message);
    }

    /** Ends the module case (if it did not fail), runs the test functions, completes the report and exits. */
    public static function finish(): never
    {
        self::step(self::$step === 'module-failed' ? 'module-failed' : 'loading', 'finished');
        if (self::$running === '<module>') {
            self::end('pass', '');
        }
        foreach (self::$stopped ? [] : self::$job['testNames'] ?? [] as $name) {
            self::runCase($name, function () use ($name): void {
                if (!function_exists($name)) {
                    throw new Error("{$name} is not a function when the tests have run (its declaration never ran)");
                }
                $result = $name();
                // A test that yields only makes a Generator when called: run it, its asserts are in there.
                if ($result instanceof Generator) {
                    foreach ($result as $ignored) {
                    }
                }
            });
        }
        flywheel_send(['ev' => 'done', 'timedOut' => false]);
        exit(0);
    }

    // ------------------------------------------------------------------ cases

    private static function start(string $name): void
    {
        self::$running = $name;
        self::$caseStarted = microtime(true);
        self::$lastFalse = null;
        flywheel_send(['ev' => 'start', 'case' => $name]);
    }

    private static function end(string $status, string $message): void
    {
        if (ini_get('zend.assertions') !== '1' || ini_get('assert.exception') !== '1') {
            // Fixed on the command line, and ini_set is disabled: checked all the same.
            [$status, $message] = ['error', 'the sample changed what the harness relies on: assertions were switched off'];
        }
        flywheel_send(['ev' => 'end', 'case' => self::$running, 'status' => $status, 'message' => substr($message, 0, FLYWHEEL_MESSAGE_LIMIT),
            'ms' => (int) round((microtime(true) - self::$caseStarted) * 1000)]);
        self::$running = null;
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
            $text = 'AssertionError at ' . self::fileName($e->getFile()) . ':' . $e->getLine() . ': ' . self::asWritten($e->getMessage());
            if (self::$lastFalse !== null && self::$lastFalse[0] === $e->getLine()) {
                $text .= ' -- left: ' . self::$lastFalse[1] . ', right: ' . self::$lastFalse[3];
            }
            return ['fail', $text];
        }
        return ['error', get_class($e) . ': ' . $e->getMessage() . self::where($e)];
    }

    /**
     * An assert's text as the model wrote it: the host rewrote `a === b` in the copy that runs into
     * `\flywheel_check(a, '===', b)` and `a == b` into `\flywheel_eq(a, b)`; this turns them back.
     */
    private static function asWritten(string $text): string
    {
        $tokens = array_slice(token_get_all('<?php ' . $text), 1);
        $out = '';
        for ($i = 0; $i < count($tokens); $i++) {
            $t = $tokens[$i];
            $s = is_array($t) ? $t[1] : $t;
            $call = ltrim($s, '\\');
            if (!in_array($call, ['flywheel_check', 'flywheel_eq'], true) || ($tokens[$i + 1] ?? null) !== '(') {
                $out .= $s;
                continue;
            }
            // The arguments, split at the top-level commas.
            $args = [''];
            $depth = 0;
            for ($i += 2; $i < count($tokens); $i++) {
                $a = is_array($tokens[$i]) ? $tokens[$i][1] : $tokens[$i];
                if (in_array($a, ['(', '[', '{'], true)) {
                    $depth++;
                } elseif (in_array($a, [')', ']', '}'], true)) {
                    if ($depth-- === 0) {
                        break;
                    }
                } elseif ($a === ',' && $depth === 0) {
                    $args[] = '';
                    continue;
                }
                $args[count($args) - 1] .= $a;
            }
            $args = array_map('trim', $args);
            $out .= $call === 'flywheel_eq' ? "{$args[0]} == " . ($args[1] ?? '') : "{$args[0]} " . trim($args[1] ?? '', "'") . ' ' . ($args[2] ?? '');
        }
        return str_replace('!' . '(', '!(', $out);
    }

    /** The sample's file name for a path: the tests are evaluated from memory and named so. */
    private static function fileName(string $path): string
    {
        return str_contains($path, "eval()'d code") ? self::$job['tests'] : basename($path);
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
        return ['file' => $file, 'line' => $line, 'column' => $column, 'tool' => $tool, 'rule' => $rule, 'message' => substr($message, 0, FLYWHEEL_MESSAGE_LIMIT)];
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
     * The parser's errors, as `php -l` gives them (reported under its name), without starting a process: PHP's
     * tokenizer in full-parse mode compiles nothing and runs nothing. Errors PHP finds only when it compiles (a
     * function declared twice) are the static checks' or end the solution's loading.
     *
     * @param array<string, string> $sources file => code
     */
    private static function parseErrors(array $sources): array
    {
        $findings = [];
        foreach ($sources as $file => $code) {
            try {
                token_get_all($code, TOKEN_PARSE);
            } catch (ParseError $e) {
                $findings[] = self::finding($file, $e->getLine(), 1, 'php-l', 'syntax', 'Parse error: ' . $e->getMessage());
            } catch (Throwable $e) {
                $findings[] = self::finding($file, 1, 1, 'php-l', 'syntax', get_class($e) . ': ' . $e->getMessage());
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
                if (!isset($functions[strtolower($fn)]) && !function_exists($fn)) {
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

FlywheelHarness::begin($argv);
try {
    // At the top level, so the tests' variables are globals as when the file runs on its own.
    eval(FlywheelHarness::tests());
} catch (Throwable $__flywheel_error) {
    FlywheelHarness::moduleFailed($__flywheel_error);
}
FlywheelHarness::finish();
