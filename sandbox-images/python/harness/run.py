"""Flywheel test harness for Python samples: lint with pyflakes, then (only if no defect was found) run the
tests case by case. Everything it learns goes to the report file named in the job, rewritten after each case
so a run cut short by a limit still says what passed and what was running.

The job file (JSON) names: solution, tests, report, deadlineMs (own time budget, below the sandbox's limit),
errorRules (`tool:rule` patterns of findings that stop the run before the tests).
"""
import ast
import builtins
import json
import os
import signal
import sys
import time
import traceback
import types

REPR_LIMIT = 300
STARTED = time.monotonic()
MESSAGE_LIMIT = 2000


class HarnessTimeout(BaseException):
    """Raised by the timer; a BaseException so a sample's `except Exception` does not swallow it."""


def short_repr(value):
    try:
        text = repr(value)
    except BaseException as err:  # noqa: BLE001 - a broken __repr__ must not end the harness
        text = f'<unrepresentable {type(value).__name__}: {err}>'
    return text if len(text) <= REPR_LIMIT else text[:REPR_LIMIT] + '...'


class Report:
    def __init__(self, path):
        self.path = path
        self.data = {'version': 1, 'phase': 'lint', 'lint': [], 'gated': False, 'cases': [], 'running': None,
                     'done': False, 'timedOut': False, 'tool': 'pyflakes'}

    def write(self):
        # Written whole and renamed into place: a kill mid-write leaves the previous report, never half of one.
        tmp = self.path + '.tmp'
        with open(tmp, 'w', encoding='utf-8') as fh:
            json.dump(self.data, fh)
        os.replace(tmp, self.path)


# ---------------------------------------------------------------- lint

def top_level_names(tree):
    """Names a module binds at top level (also inside top-level if/try/with/for), as `import *` would see."""
    names = {}

    def visit(body):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names[node.name] = 'def'
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    if alias.name != '*':
                        names.setdefault((alias.asname or alias.name).split('.')[0], 'import')
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith)):
                targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, 'target', None)]
                if isinstance(node, (ast.With, ast.AsyncWith)):
                    targets = [item.optional_vars for item in node.items]
                for target in targets:
                    for sub in ast.walk(target) if target is not None else []:
                        if isinstance(sub, ast.Name):
                            names.setdefault(sub.id, 'value')
            for field in ('body', 'orelse', 'finalbody'):
                if field in node._fields and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    visit(getattr(node, field))
            for handler in getattr(node, 'handlers', []) or []:
                visit(handler.body)

    visit(tree.body)
    return names


def without_star_import_of_solution(source):
    # The harness already puts the solution's names in scope, so a `from solution import *` line in the tests
    # is dropped for linting (kept as a blank line, so line numbers hold); otherwise pyflakes would answer
    # every use with "may be undefined, or defined from star imports".
    lines = source.split('\n')
    for i, line in enumerate(lines):
        if line.strip().replace(' ', '') == 'fromsolutionimport*':
            lines[i] = ''
    return '\n'.join(lines)


def import_pyflakes():
    # pyflakes imports doctest (and with it pdb, inspect, unittest, difflib: a third of the harness's start-up)
    # only to parse doctests, which we never ask for. It gets a stand-in, removed again so the sample's own
    # `import doctest` finds the real module.
    real = sys.modules.get('doctest')
    stub = types.ModuleType('doctest')
    stub.DocTestParser = type('DocTestParser', (), {'get_examples': lambda self, *a, **k: []})
    sys.modules['doctest'] = stub
    try:
        from pyflakes import checker
    finally:
        if real is None:
            del sys.modules['doctest']
        else:
            sys.modules['doctest'] = real
    return checker


def lint_file(path, source, extra_builtins):
    checker = import_pyflakes()

    findings = []
    try:
        tree = ast.parse(source, filename=path)
        compile(source, path, 'exec', dont_inherit=True)
    except SyntaxError as err:
        findings.append({'file': path, 'line': err.lineno or 1, 'column': err.offset or 1, 'tool': 'python', 'rule': 'SyntaxError',
                         'message': f'{err.msg}' + (f': {err.text.strip()}' if err.text else '')})
        return findings, None
    result = checker.Checker(tree, filename=path, builtins=set(extra_builtins))
    for message in sorted(result.messages, key=lambda m: (m.lineno, m.col)):
        findings.append({'file': path, 'line': message.lineno, 'column': message.col + 1, 'tool': 'pyflakes',
                         'rule': type(message).__name__, 'message': message.message % message.message_args})
    return findings, tree


def is_error(finding, error_rules):
    """Error rules are `tool:rule`, a trailing `*` matching any rule of that prefix."""
    key = f"{finding['tool']}:{finding['rule']}"
    return any(key.startswith(r[:-1]) if r.endswith('*') else key == r for r in error_rules)


def lint(job, report):
    with open(job['solution'], encoding='utf-8') as fh:
        solution_src = fh.read()
    with open(job['tests'], encoding='utf-8') as fh:
        tests_src = fh.read()
    findings, solution_tree = lint_file(job['solution'], solution_src, [])
    provided = top_level_names(solution_tree) if solution_tree is not None else {}
    test_findings, tests_tree = lint_file(job['tests'], without_star_import_of_solution(tests_src), provided.keys())
    findings += test_findings
    if tests_tree is not None:
        # A test file that defines its own function of the solution's name tests that copy, not the solution.
        for node in tests_tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and provided.get(node.name) == 'def':
                findings.append({'file': job['tests'], 'line': node.lineno, 'column': node.col_offset + 1,
                                 'tool': 'flywheel', 'rule': 'shadows-solution',
                                 'message': f"'{node.name}' is defined again in the tests, so the tests would call their own copy instead of the solution's"})
    report.data['lint'] = findings
    return any(is_error(f, job.get('errorRules', [])) for f in findings)


# ---------------------------------------------------------------- test

def assert_node_at(tree, line):
    if tree is None:
        return None
    best = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and node.lineno <= line <= (node.end_lineno or node.lineno):
            best = node
    return best


def explain_assertion(exc, trees):
    """`assert f(x) == y` failing with no message says little; add the statement and both sides' values."""
    frames = [f for f in traceback.walk_tb(exc.__traceback__) if f[0].f_code.co_filename in trees]
    if not frames:
        return f'AssertionError: {exc}' if str(exc) else 'AssertionError'
    frame, line = frames[-1]
    filename = frame.f_code.co_filename
    node = assert_node_at(trees[filename], line)
    text = f'AssertionError at {filename}:{line}'
    if node is not None:
        text += f': assert {ast.unparse(node.test)}'
        test = node.test
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            try:
                left = eval(compile(ast.Expression(test.left), filename, 'eval'), frame.f_globals, frame.f_locals)
                right = eval(compile(ast.Expression(test.comparators[0]), filename, 'eval'), frame.f_globals, frame.f_locals)
                text += f' -- left: {short_repr(left)}, right: {short_repr(right)}'
            except HarnessTimeout:
                raise
            except BaseException:  # noqa: BLE001 - re-evaluating is best effort only
                pass
    if str(exc):
        text += f' -- {exc}'
    return text


def where(exc, trees):
    frames = [f for f in traceback.walk_tb(exc.__traceback__) if f[0].f_code.co_filename in trees]
    if not frames:
        return ''
    frame, line = frames[-1]
    return f' ({frame.f_code.co_filename} line {line}, in {frame.f_code.co_name})'


def print_traceback(name, exc, trees):
    # The tail of stderr goes back to the model in the revision prompt, so only the sample's own frames.
    print(f'--- {name}', file=sys.stderr)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in trees]
    print(''.join(traceback.format_list(frames[-8:])) + ''.join(traceback.format_exception_only(type(exc), exc)),
          end='', file=sys.stderr)


def run_case(name, fn, report, trees):
    report.data['running'] = name
    report.write()
    started = time.monotonic()
    status, message = 'pass', ''
    try:
        result = fn()
        if isinstance(result, types.CoroutineType):
            import asyncio  # only for async tests: it costs tens of milliseconds to import
            asyncio.run(result)
    except HarnessTimeout:
        status, message = 'error', 'timed out: the time limit was reached while this case ran'
        report.data['timedOut'] = True
    except AssertionError as exc:
        status, message = 'fail', explain_assertion(exc, trees)
        print_traceback(name, exc, trees)
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are a case's failure too
        status = 'error'
        message = ''.join(traceback.format_exception_only(type(exc), exc)).strip() + where(exc, trees)
        print_traceback(name, exc, trees)
    sys.stdout.flush()
    report.data['cases'].append({'name': name, 'status': status, 'message': message[:MESSAGE_LIMIT],
                                 'durationMs': round((time.monotonic() - started) * 1000)})
    report.data['running'] = None
    report.write()
    return status


def collect_cases(namespace, tree):
    """Test functions (`test*`) and test classes (`Test*`, plain or unittest) defined at the tests' top level,
    in source order."""
    cases = []
    for node in tree.body:
        value = namespace.get(getattr(node, 'name', ''))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith('test') and callable(value):
            cases.append((node.name, as_case(node.name, value)))
        elif isinstance(node, ast.ClassDef) and node.name.startswith('Test') and isinstance(value, type):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith('test'):
                    cases.append((f'{node.name}.{item.name}', method_case(value, item.name)))
    return cases


def as_case(name, fn):
    code = getattr(fn, '__code__', None)
    if code is None:
        return fn
    required = code.co_varnames[:code.co_argcount - len(fn.__defaults__ or ())]
    if not required:
        return fn

    def fails():
        raise TypeError(f'{name}() takes arguments ({", ".join(required)}); test functions take none')
    return fails


def method_case(cls, attr):
    # A unittest.TestCase can only exist if the tests imported unittest themselves.
    unittest = sys.modules.get('unittest')
    if unittest is None or not issubclass(cls, unittest.TestCase):
        return lambda: getattr(cls(), attr)()

    def run_unittest():
        outcome = unittest.TestResult()
        cls(attr).run(outcome)
        # unittest keeps only the formatted traceback; its last line is the exception, type first.
        for _, text in outcome.errors:
            raise RuntimeError(text.strip().splitlines()[-1])
        for _, text in outcome.failures:
            raise AssertionError(text.strip().splitlines()[-1].removeprefix('AssertionError: '))
    return run_unittest


def run_tests(job, report):
    report.data['phase'] = 'test'
    solution_path, tests_path = job['solution'], job['tests']
    with open(solution_path, encoding='utf-8') as fh:
        solution_src = fh.read()
    with open(tests_path, encoding='utf-8') as fh:
        tests_src = fh.read()
    trees = {solution_path: ast.parse(solution_src), tests_path: ast.parse(tests_src)}

    module = types.ModuleType('solution')
    module.__file__ = solution_path
    sys.modules['solution'] = module

    def load_solution():
        exec(compile(solution_src, solution_path, 'exec'), module.__dict__)

    if run_case('<solution>', load_solution, report, trees) != 'pass':
        return
    # The solution's own import is not a test case: only its failure is worth reporting.
    report.data['cases'].pop()

    # As if the tests were run as a script: unittest.main() reads its test names from sys.argv.
    sys.argv = [tests_path]
    namespace = {'__name__': '__main__', '__file__': tests_path, '__builtins__': builtins}
    namespace.update({k: v for k, v in module.__dict__.items() if not k.startswith('__')})

    def load_tests():
        try:
            exec(compile(tests_src, tests_path, 'exec'), namespace)
        except SystemExit as exc:
            # `if __name__ == '__main__': unittest.main()` ends with exit(0) when its tests pass; its test
            # classes are then run again here, case by case. A non-zero exit stays an error.
            if exc.code not in (0, None):
                raise

    module_status = run_case('<module>', load_tests, report, trees)
    cases = collect_cases(namespace, trees[tests_path])
    if cases and module_status == 'pass':
        # With test functions the module body is only their definitions: not a case of its own.
        report.data['cases'].pop()
    if report.data['timedOut']:
        return
    for name, fn in cases:
        run_case(name, fn, report, trees)
        if report.data['timedOut']:
            return


def main():
    with open(sys.argv[1], encoding='utf-8') as fh:
        job = json.load(fh)
    report = Report(job['report'])
    sys.path.insert(0, os.getcwd())
    sys.dont_write_bytecode = True
    report.write()

    def on_alarm(signum, frame):
        # Re-armed so a sample that swallows the first one is still interrupted.
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        raise HarnessTimeout()

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(0.05, job['deadlineMs'] / 1000 - (time.monotonic() - STARTED)))
    try:
        if lint(job, report):
            report.data['gated'] = True
        else:
            run_tests(job, report)
    except HarnessTimeout:
        report.data['timedOut'] = True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    report.data['done'] = True
    report.write()


if __name__ == '__main__':
    main()
