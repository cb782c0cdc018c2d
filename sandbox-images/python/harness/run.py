"""Flywheel test harness for Python samples: lint with pyflakes, then (only if no defect was found) run the
tests case by case, reporting each over the verdict channel (fd 3, see the runner's channel.py).

It runs in a child the zygote forked for this job, or as a script; either way it reads the channel's nonce,
the job and both sources before any sample code loads, and the tests file and the job file are gone from disk
before the solution is imported. What decides a case is kept out of the sample's reach as far as one process
allows: the harness looks names up in its own copy of the builtins, sends records through primitives captured
at import, compares with `==`, `in` and the orderings of the tests through a function that notices objects
equal to anything, and after each case checks that the builtins, the trace hooks, that function and
unittest's assertions are still the ones it put there. What one process cannot stop (frames, gc, ctypes) is
the host's static tamper gate's to refuse before the job starts.

The job file (JSON) names: solution, tests, deadlineMs (own time budget, below the sandbox's limit),
errorRules (`tool:rule` patterns of findings that stop the run before the tests), testNames (the cases the host
parsed).
"""
import ast
import builtins
import json
import linecache
import os
import re
import reprlib
import signal
import sys
import time
import traceback
import types

# Function bodies below look builtins up here, a snapshot taken before any sample code exists.
__builtins__ = dict(vars(builtins))

MESSAGE_LIMIT = 2000
FINDINGS_LIMIT = 200
COMPARE = '__flywheel_compare__'
CHANNEL_FD = 3
_write = os.write
_read = os.read
_exit = os._exit
_dumps = json.dumps
_monotonic = time.monotonic
_setitimer = signal.setitimer
_gettrace = sys.gettrace
_getprofile = sys.getprofile
_getframe = sys._getframe
_type = type
_repr = reprlib.Repr()
_repr.maxstring = 120
_repr.maxother = 120
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxdict = 12


class HarnessTimeout(BaseException):
    """Raised by the timer; a BaseException so a sample's `except Exception` does not swallow it."""


def short_repr(value):
    try:
        return _repr.repr(value)
    except HarnessTimeout:
        raise
    except BaseException as err:  # noqa: BLE001 - a broken __repr__ must not end the harness
        return f'<unrepresentable {_type(value).__name__}: {_type(err).__name__}>'


WARM_UP = {
    'solution': 'from typing import List\n\n\ndef f(xs: List[int]) -> List[int]:\n    """Doubles."""\n    return [x * 2 for x in xs]\n',
    'tests': 'def test_f():\n    assert f([1, 2]) == [2, 4]\n    assert 3 in f([1.5])\n\n\ndef test_g():\n    assert f([]) != [1], "no"\n',
}


def preload():
    """Run once in the zygote, before any job exists: the imports every job needs, and one made-up job run
    through lint and tests, so that first-use costs (caches, lazy imports) are paid here and not by every child."""
    import_pyflakes()
    import unittest
    wrap_unittest(unittest)
    saved = dict(sys.modules), sys.argv[:], sys.path[:]
    job = {'solution': '<warm-up solution>', 'tests': '<warm-up tests>', 'errorRules': []}
    lint(job, WARM_UP)
    with open(os.devnull, 'w') as quiet:
        _streams[:] = [quiet, quiet]
        run_tests(job, WARM_UP, lambda record: None, guard=False)
        _streams.clear()
    sys.modules.clear()
    sys.modules.update(saved[0])
    sys.argv[:], sys.path[:] = saved[1], saved[2]


# ---------------------------------------------------------------- channel

def open_channel():
    """A `send(record)` bound to the nonce the runner sent first; None without a channel."""
    try:
        nonce = _read(CHANNEL_FD, 256)
    except OSError:
        return None
    prefix = nonce + b':'

    def send(record):
        try:
            _write(CHANNEL_FD, prefix + _dumps(record, ensure_ascii=True).encode())
        except OSError:
            pass  # the sample closed or replaced fd 3: its cases go unreported, which fails them
    return send


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


_pyflakes = []


def import_pyflakes():
    # pyflakes imports doctest (and with it pdb, inspect, unittest, difflib) only to parse doctests, which we
    # never ask for. It gets a stand-in, removed again so the sample's own `import doctest` finds the real one.
    if _pyflakes:
        return _pyflakes[0]
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
    _pyflakes.append(checker)
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


def lint(job, sources):
    # pyflakes recurses once per level of nesting (a sum of 450 terms is 450 levels): give it room, and a program
    # deeper than that is the sample's failure, not the linter's.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 6000))
    try:
        return lint_files(job, sources)
    except RecursionError:
        finding = {'file': job['solution'], 'line': 1, 'column': 1, 'tool': 'flywheel', 'rule': 'too-deep',
                   'message': 'the sample is nested too deeply for the linter to read it'}
        return [finding], True
    finally:
        sys.setrecursionlimit(limit)


def lint_files(job, sources):
    findings, solution_tree = lint_file(job['solution'], sources['solution'], [])
    provided = top_level_names(solution_tree) if solution_tree is not None else {}
    test_findings, tests_tree = lint_file(job['tests'], without_star_import_of_solution(sources['tests']), provided.keys())
    findings += test_findings
    if tests_tree is not None:
        # A test file that defines its own function of the solution's name tests that copy, not the solution.
        for node in tests_tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and provided.get(node.name) == 'def':
                findings.append({'file': job['tests'], 'line': node.lineno, 'column': node.col_offset + 1,
                                 'tool': 'flywheel', 'rule': 'shadows-solution',
                                 'message': f"'{node.name}' is defined again in the tests, so the tests would call their own copy instead of the solution's"})
    return findings, any(is_error(f, job.get('errorRules', [])) for f in findings)


# ---------------------------------------------------------------- the audit hook

# What sample code may not do at run time, whatever it wrote to get there (the static gate reads only what is
# written, not what a string becomes under exec): audit hooks cannot be removed once added.
_FORBIDDEN = {
    'gc.get_objects', 'gc.get_referrers', 'gc.get_referents', 'sys._current_frames', 'sys._current_exceptions',
    'sys.settrace', 'sys.setprofile', 'os.kill', 'os.killpg', 'signal.pthread_kill',
    'sys.addaudithook', 'cpython.PyInterpreterState_Clear', 'cpython.run_command',
}
_FORBIDDEN_IMPORTS = {'ctypes', '_ctypes', 'mmap', '_testcapi', 'faulthandler', 'cffi'}
_FRAME_ATTRIBUTES = {'tb_frame', 'f_code', 'gi_frame', 'gi_code', 'cr_frame', 'cr_code', 'ag_frame', 'ag_code'}
# Standard modules that look at a caller's frame only for its module name (namedtuple, TypeVar, Enum('E', ...),
# warnings.warn, make_dataclass): their frame lookups are allowed. logging's only from inside logging (a log
# call finding its caller), never for a sample calling logging.currentframe() itself.
_FRAME_USERS = ('/collections/__init__.py', '/typing.py', '/enum.py', '/warnings.py', '/dataclasses.py')
_LOGGING = '/logging/__init__.py'
# Standard modules that compile source they generate themselves (a dataclass's __init__, a namedtuple's __new__).
_CODE_MAKERS = ('/dataclasses.py', '/collections/__init__.py')
# Names that have no business in code a sample builds at run time and then compiles (exec, eval, compile).
_DYNAMIC_DENY = re.compile(r'__\w+__|\b(f_back|f_globals|f_locals|f_builtins|tb_frame|tb_next|gi_frame|cr_frame|_getframe|gc|ctypes|'
                           r'getattr|setattr|delattr|globals|vars|exec|eval|compile|import|builtins|sys|os|attrgetter|methodcaller|'
                           r'signal|atexit|inspect|unittest|traceback)\b')
_inside = [0]
_STDLIB = (os.path.dirname(os.__file__) + '/', '<frozen ')


_sources_for_tracebacks = {}
_streams = []


class harness_section:
    """Marks the harness's own work (formatting tracebacks, its comparisons): the audit hook lets it through, and
    the sample's sources are in linecache for the tracebacks only while it lasts (a sample reading linecache
    would otherwise read its tests)."""

    def __enter__(self):
        _inside[0] += 1
        linecache.cache.update(_sources_for_tracebacks)

    def __exit__(self, *exc):
        for name in _sources_for_tracebacks:
            linecache.cache.pop(name, None)
        _inside[0] -= 1


def install_guard(sample_files):
    busy = [False]

    def refuse(what):
        raise RuntimeError(f'flywheel: a sample may not {what}')

    def caller_file(depth=2):
        # Called from the hook: 0 this, 1 the hook, 2 the code that raised the event.
        frame = _getframe(depth)
        return frame.f_code.co_filename if frame is not None else ''

    def frames_allowed():
        # From here: 0 caller_file, 1 this, 2 the hook, 3 the code that raised the event, 4 its caller.
        caller = caller_file(3)
        return caller.endswith(_FRAME_USERS) or (caller.endswith(_LOGGING) and caller_file(4).endswith(_LOGGING))

    def hook(event, args):
        if _inside[0] or busy[0]:
            return
        busy[0] = True
        try:
            if event in _FORBIDDEN:
                refuse(f'use {event}')
            elif event in ('marshal.loads', 'marshal.load', 'code.__new__', 'function.__new__') and not caller_file().startswith(_STDLIB):
                # Only the standard library makes code objects (the import system from cached bytecode, a few
                # modules by replacing one): a sample that does can make any.
                refuse(f'use {event}')
            elif event == 'import' and str(args[0]).split('.')[0] in _FORBIDDEN_IMPORTS:
                refuse(f'import {args[0]}')
            elif event == 'open' and isinstance(args[0], (str, bytes)) and (str(args[0]).startswith('/proc/') or str(args[0]).startswith("b'/proc/")):
                refuse(f'open {args[0]!r}')
            elif event == 'object.__setattr__' and args[1] in ('__code__', '__class__', '__bases__', '__dict__') and not caller_file().startswith(_STDLIB):
                refuse(f'replace {args[1]}')
            elif event == 'sys._getframe' or (event == 'object.__getattr__' and args[1] in _FRAME_ATTRIBUTES):
                if not frames_allowed():
                    refuse('reach for stack frames (sys._getframe, tb_frame, gi_frame, f_code)')
            elif event == 'compile' and isinstance(args[0], (str, bytes)) and args[1] not in sample_files and not caller_file().endswith(_CODE_MAKERS):
                source = args[0].decode('utf-8', 'replace') if isinstance(args[0], bytes) else args[0]
                found = _DYNAMIC_DENY.search(source)
                if found:
                    refuse(f'compile code built at run time that names {found.group(0)}')
        finally:
            busy[0] = False

    sys.addaudithook(hook)


# ---------------------------------------------------------------- comparisons the sample cannot fake

_PLAIN = {int, float, complex, str, bytes, bool, type(None), range}
_CONTAINERS = {list, tuple, set, frozenset, dict}
_PLAIN_BUDGET = 100000


def plain_value(value, depth=0):
    """`value` with every instance of a subclass of a plain type (an int, a list... whose class the sample
    wrote) replaced by the plain value it holds, read at the C level: such a value is compared by Python's own
    rules, not by methods the sample overrode. Other objects are left as they are."""
    kind = _type(value)
    if kind in _PLAIN or depth > 50:
        return value
    if kind in _CONTAINERS:
        if depth == 0 and not non_plain_parts(value):
            return value
        if kind is dict:
            return {plain_value(k, depth + 1): plain_value(v, depth + 1) for k, v in dict.items(value)}
        items = [plain_value(v, depth + 1) for v in (list.copy(value) if kind is list else tuple.__iter__(value) if kind is tuple else set.__iter__(value) if kind is set else frozenset.__iter__(value))]
        return items if kind is list else kind(items)
    for base, read in _BASE_READERS:
        if isinstance(value, base):
            return plain_value(read(value), depth + 1)
    return value


# How to read the plain value out of an instance of a subclass, without calling anything the subclass defines.
_BASE_READERS = (
    (bool, bool.__bool__), (int, lambda v: int.__add__(v, 0)), (float, lambda v: float.__add__(v, 0.0)),
    (complex, lambda v: complex.__add__(v, 0)), (str, lambda v: str.__add__(v, '')), (bytes, lambda v: bytes.__add__(v, b'')),
    (list, list.copy), (tuple, lambda v: tuple.__add__(v, ())), (dict, dict.copy), (set, set.copy), (frozenset, frozenset.copy),
)


def non_plain_parts(value):
    """Objects inside `value` whose comparisons run code the sample may have written (anything that is not an
    int, str, ... or a list, dict, ... of those), up to a budget of elements looked at."""
    out = []
    stack = [value]
    seen = 0
    while stack and seen < _PLAIN_BUDGET:
        item = stack.pop()
        seen += 1
        kind = _type(item)
        if kind in _PLAIN:
            continue
        if kind in _CONTAINERS:
            if kind is dict:
                stack.extend(dict.keys(item))
                stack.extend(dict.values(item))
            else:
                stack.extend(item)
            continue
        out.append(item)
    return out


def perturbed(value):
    """A plain value unequal to `value`, of the same kind, or None: whatever equals both is not a value."""
    kind = _type(value)
    if kind is bool:
        return not value
    if kind in (int, float) and value == value and value + 1 != value:
        return value + 1
    if kind is str:
        return value + '\x00'
    if kind is list:
        return value + [len(value)]
    if kind is tuple:
        return value + (len(value),)
    if kind is dict:
        return {**value, '\x00': 0}
    if kind in (set, frozenset):
        return value | {'\x00'}
    return None


def answers_anything(obj, op):
    """`obj` answers `op` truthfully for a stranger (a bare object() no honest value equals, orders against or
    contains), or for two plain values that differ."""
    stranger = object()
    probes = {
        '==': lambda: obj == stranger, '!=': lambda: not (obj != stranger), 'in': lambda: stranger in obj,
        '<': lambda: obj < stranger, '<=': lambda: obj <= stranger, '>': lambda: obj > stranger, '>=': lambda: obj >= stranger,
    }
    try:
        return bool(probes[op]())
    except HarnessTimeout:
        raise
    except Exception:  # noqa: BLE001 - an honest object refuses to compare with a stranger
        return False


def dishonest(left, op, right):
    """Why a comparison of these operands cannot be trusted, or None. Asked before the real comparison, so a
    value that answers only the first thing it is compared with has answered a probe by then."""
    op = {'!=': '==', 'not in': 'in'}.get(op, op)
    for side, other in ((left, right), (right, left)):
        parts = non_plain_parts(side)
        for obj in parts:
            probe = 'in' if op == 'in' and obj is right else ('==' if op == 'in' else op)
            if answers_anything(obj, probe):
                return f'{short_repr(obj)} (a {_type(obj).__name__}) compares {probe} to an object it has never seen: a value that equals anything is not an answer'
        if op == '==' and parts and not non_plain_parts(other):
            changed = perturbed(other)
            if changed is not None:
                try:
                    if side == changed:
                        return f'{short_repr(side)} (a {_type(side).__name__}) equals both {short_repr(other)} and {short_repr(changed)}: a value that equals anything is not an answer'
                except HarnessTimeout:
                    raise
                except Exception:  # noqa: BLE001
                    pass
    return None


class _Missing:
    """Stands for a name that is not there."""


_OPS = {
    '==': lambda a, b: a == b, '!=': lambda a, b: a != b, '<': lambda a, b: a < b, '<=': lambda a, b: a <= b,
    '>': lambda a, b: a > b, '>=': lambda a, b: a >= b, 'in': lambda a, b: a in b, 'not in': lambda a, b: a not in b,
}
_last_false = {}


def compare(left, op, right):
    """Every single comparison in the tests goes through here (the tests' AST is rewritten to call it). Values
    of builtin types, and of subclasses of them, compare by Python's own rules; an object of a class the sample
    wrote is first asked whether it answers anything."""
    left, right = plain_value(left), plain_value(right)
    if non_plain_parts(left) or non_plain_parts(right):
        why = dishonest(left, op, right)
        if why is not None:
            raise AssertionError(why)
    result = _OPS[op](left, right)
    try:
        truthy = bool(result)
    except HarnessTimeout:
        raise
    except Exception:  # noqa: BLE001 - e.g. an array whose truth is ambiguous: let the test see it as written
        return result
    if not truthy:
        with harness_section():
            frame = _getframe(1)
            _last_false['at'] = (frame.f_code.co_filename, frame.f_lineno, short_repr(left), op, short_repr(right))
    return result


class _RewriteCompares(ast.NodeTransformer):
    NAMES = {ast.Eq: '==', ast.NotEq: '!=', ast.Lt: '<', ast.LtE: '<=', ast.Gt: '>', ast.GtE: '>=', ast.In: 'in', ast.NotIn: 'not in'}

    def visit_Compare(self, node):
        self.generic_visit(node)
        op = self.NAMES.get(_type(node.ops[0])) if len(node.ops) == 1 else None
        if op is None:
            return node
        call = ast.Call(func=ast.Name(id=COMPARE, ctx=ast.Load()), args=[node.left, ast.Constant(op), node.comparators[0]], keywords=[])
        return ast.copy_location(call, node)


def rewritten(tree):
    return ast.fix_missing_locations(_RewriteCompares().visit(tree))


_wrapped_asserts = {}


def wrap_unittest(unittest):
    """unittest's assert methods compare with `==` of their own: each first checks its first two operands as the
    tests' comparisons are checked. And `unittest.main()` at the end of a test file does nothing: the harness
    runs each test method as its own case."""
    unittest.main = lambda *args, **kwargs: None
    case = unittest.TestCase
    for name in dir(case):
        original = getattr(case, name)
        if not name.startswith('assert') or not callable(original) or name in _wrapped_asserts:
            continue

        def wrapper(self, *args, _original=original, **kwargs):
            if len(args) >= 2:
                first, second = plain_value(args[0]), plain_value(args[1])
                if non_plain_parts(first) or non_plain_parts(second):
                    why = dishonest(first, '==', second)
                    if why is not None:
                        raise self.failureException(why)
                args = (first, second, *args[2:])
            return _original(self, *args, **kwargs)
        wrapper.__name__ = name
        setattr(case, name, wrapper)
        _wrapped_asserts[name] = wrapper
    _unittest_state.append(dict(vars(case)))


_unittest_state = []


# ---------------------------------------------------------------- test

def failing_assert(exc, sources, trees):
    """(file, line, assert node) of the sample's frame where the AssertionError was raised."""
    frames = [f for f in traceback.walk_tb(exc.__traceback__) if f[0].f_code.co_filename in trees]
    if not frames:
        return None
    frame, line = frames[-1]
    filename = frame.f_code.co_filename
    best = None
    for node in ast.walk(trees[filename]):
        if isinstance(node, ast.Assert) and node.lineno <= line <= (node.end_lineno or node.lineno):
            best = node
    return filename, line, best


def explain_assertion(exc, sources, trees):
    """`assert f(x) == y` failing with no message says little: add the statement and both sides' values, as
    the comparison saw them (nothing of the sample runs again to show them)."""
    where = failing_assert(exc, sources, trees)
    message = safe_str(exc)
    if where is None:
        return f'AssertionError: {message}' if message else 'AssertionError'
    filename, line, node = where
    text = f'AssertionError at {filename}:{line}'
    if node is not None:
        text += f': assert {ast.unparse(node.test)}'
        last = _last_false.get('at')
        if last is not None and last[0] == filename and node.lineno <= last[1] <= (node.end_lineno or node.lineno):
            text += f' -- left: {last[2]}, right: {last[4]}'
    if message:
        text += f' -- {message}'
    return text


def safe_str(exc):
    try:
        return str(exc)
    except HarnessTimeout:
        raise
    except BaseException:  # noqa: BLE001
        return f'<{_type(exc).__name__} whose message cannot be shown>'


def describe(exc, trees):
    try:
        text = ''.join(traceback.format_exception_only(_type(exc), exc)).strip()
    except HarnessTimeout:
        raise
    except BaseException:  # noqa: BLE001
        text = _type(exc).__name__
    frames = [f for f in traceback.walk_tb(exc.__traceback__) if f[0].f_code.co_filename in trees]
    if frames:
        frame, line = frames[-1]
        text += f' ({frame.f_code.co_filename} line {line}, in {frame.f_code.co_name})'
    return text


def print_traceback(name, exc, trees):
    # The tail of stderr goes back to the model in the revision prompt, so only the sample's own frames.
    try:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in trees]
        text = ''.join(traceback.format_list(frames[-8:])) + ''.join(traceback.format_exception_only(_type(exc), exc))
        _streams[1].write(f'--- {name}\n{text}')
    except HarnessTimeout:
        raise
    except BaseException:  # noqa: BLE001 - the sample broke stderr or its exception: the record still goes
        pass


class Run:
    """One job's test run: the cases in order, each reported as it starts and ends."""

    def __init__(self, send, sources, trees, namespace):
        self.send = send
        self.sources = sources
        self.trees = trees
        self.namespace = namespace
        self.timed_out = False
        self.builtins = dict(vars(builtins))

    def tampered(self):
        """What the sample changed that the harness relies on, or None."""
        if _gettrace() is not None or _getprofile() is not None:
            return 'a trace or profile function was installed'
        current = vars(builtins)
        changed = [name for name, value in self.builtins.items() if current.get(name, _Missing) is not value]
        if changed:
            return f'builtins were replaced: {", ".join(sorted(changed)[:5])}'
        if self.namespace.get(COMPARE) is not compare:
            return 'the harness\'s comparison was replaced'
        unittest = sys.modules.get('unittest')
        case = getattr(unittest, 'TestCase', None) if unittest else None
        if case is not None and _unittest_state:
            now, then = vars(case), _unittest_state[0]
            if len(now) != len(then) or any(now.get(name, _Missing) is not value for name, value in then.items()):
                return 'unittest.TestCase was changed'
        return None

    def case(self, name, fn):
        self.send({'ev': 'start', 'case': name})
        started = _monotonic()
        _last_false.clear()
        status, message = 'pass', ''
        try:
            try:
                fn()
            except AssertionError as exc:
                with harness_section():
                    status, message = 'fail', explain_assertion(exc, self.sources, self.trees)
                    print_traceback(name, exc, self.trees)
            except HarnessTimeout:
                raise
            except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are a case's failure too
                with harness_section():
                    status, message = 'error', describe(exc, self.trees)
                    print_traceback(name, exc, self.trees)
            with harness_section():
                tampered = self.tampered()
            if tampered is not None:
                status, message = 'error', f'the sample changed what the harness relies on: {tampered}'
        except HarnessTimeout:
            _setitimer(signal.ITIMER_REAL, 0)
            self.timed_out = True
            status, message = 'error', 'timed out: the time limit was reached while this case ran'
        for stream in _streams:
            try:
                stream.flush()
            except BaseException:  # noqa: BLE001
                pass
        self.send({'ev': 'end', 'case': name, 'status': status, 'message': message[:MESSAGE_LIMIT],
                   'ms': round((_monotonic() - started) * 1000)})
        return status


def collect_cases(namespace, tree, codes):
    """Test functions (`test*`) and test classes (`Test*`, plain or unittest) defined at the tests' top level,
    in source order: the names the host parsed from the same file."""
    cases = []
    for node in tree.body:
        value = namespace.get(getattr(node, 'name', ''))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith('test'):
            cases.append((node.name, as_case(node.name, value, codes.get(node.name))))
        elif isinstance(node, ast.ClassDef) and node.name.startswith('Test'):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith('test'):
                    cases.append((f'{node.name}.{item.name}', method_case(value, item.name, codes.get(f'{node.name}.{item.name}'))))
    return cases


def checked(name, fn, code):
    """`fn`, if it is the function the tests' file defined under `name`, else a case that fails saying so."""
    if getattr(fn, '__code__', None) is code and code is not None:
        return fn

    def replaced():
        raise RuntimeError(f'{name} is not the function the tests define (it was replaced or never defined)')
    return replaced


def finish(result):
    """A test's return value: a coroutine is run, a generator run to its end (its asserts are in there)."""
    if isinstance(result, types.CoroutineType):
        import asyncio
        asyncio.run(result)
    elif isinstance(result, types.GeneratorType):
        for _ in result:
            pass


def as_case(name, fn, code):
    fn = checked(name, fn, code)
    if fn.__code__ is not code:
        return fn
    required = code.co_varnames[:code.co_argcount - len(fn.__defaults__ or ())]
    if required:
        def fails():
            raise TypeError(f'{name}() takes arguments ({", ".join(required)}); test functions take none')
        return fails
    return lambda: finish(fn())


def method_case(cls, attr, code):
    if not isinstance(cls, type):
        def missing():
            raise RuntimeError(f'the test class of {attr} is not a class when the tests have run')
        return missing
    # From the class's own dictionary, checked against the tests' code: not through attribute lookup, which the
    # sample could have redirected.
    method = checked(f'{cls.__name__}.{attr}', type.__dict__['__dict__'].__get__(cls).get(attr), code)
    if method.__code__ is not code:
        return method
    unittest = sys.modules.get('unittest')
    if unittest is None or not issubclass(cls, unittest.TestCase):
        return lambda: finish(method(cls()))

    def run_unittest():
        # Run here, not through TestCase.run: a failure reaches the harness as it was raised, and a test the
        # sample made skip itself is not a pass.
        if cls not in _set_up_classes:
            _set_up_classes.add(cls)
            cls.setUpClass()
        case = cls(attr)
        case.setUp()
        try:
            finish(method(case))
        except unittest.SkipTest as exc:
            raise RuntimeError(f'{attr} was skipped ({exc}): a skipped test is not a passed one') from None
        finally:
            case.tearDown()
            case.doCleanups()
    return run_unittest


_set_up_classes = set()


def run_tests(job, sources, send, guard=True):
    solution_path, tests_path = job['solution'], job['tests']
    trees = {solution_path: ast.parse(sources['solution']), tests_path: ast.parse(sources['tests'])}

    module = types.ModuleType('solution')
    module.__file__ = solution_path
    sys.modules['solution'] = module
    # The tests run as a main module, as they would on their own, but the module table does not lead to them.
    main_module = types.ModuleType('__main__')
    main_module.__file__ = tests_path
    namespace = main_module.__dict__
    namespace['__builtins__'] = builtins
    sys.argv = [tests_path]
    run = Run(send, sources, trees, namespace)
    namespace[COMPARE] = compare
    if guard:
        install_guard({solution_path, tests_path})
    solution_code = compile(sources['solution'], solution_path, 'exec')
    tests_code = compile(rewritten(ast.parse(sources['tests'], filename=tests_path)), tests_path, 'exec')

    if run.case('<solution>', lambda: exec(solution_code, module.__dict__)) != 'pass' or run.timed_out:
        return run
    # The solution's names, as one program's; but not over a builtin (the tests' abs() stays Python's: the
    # host's gate fails a solution that redefines a builtin the tests use).
    namespace.update({k: v for k, v in module.__dict__.items() if not k.startswith('__') and k not in run.builtins})
    namespace[COMPARE] = compare
    codes = test_codes(tests_code)

    run.case('<module>', lambda: exec(tests_code, namespace))
    if run.timed_out:
        return run
    for name, fn in collect_cases(namespace, trees[tests_path], codes):
        run.case(name, fn)
        if run.timed_out:
            break
    return run


def test_codes(module_code):
    """The code objects the tests' own source compiled to, by qualified name (`test_a`, `TestX.test_b`): a test
    function is run only if it still is the one its file defined."""
    out = {}
    stack = [(module_code, '')]
    while stack:
        code, prefix = stack.pop()
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                name = f'{prefix}{const.co_name}'
                out.setdefault(name, const)
                stack.append((const, f'{name}.'))
    return out


def run(argv, send):
    with open(argv[0], encoding='utf-8') as fh:
        job = json.load(fh)
    sources = {}
    for key in ('solution', 'tests'):
        with open(job[key], encoding='utf-8') as fh:
            sources[key] = fh.read()
        # Tracebacks show the sample's lines from here (the files are gone), while the harness formats them.
        _sources_for_tracebacks[job[key]] = (len(sources[key]), None, sources[key].splitlines(True), job[key])
    # The sample never reads its tests (or the job) back from disk.
    for path in (job['tests'], argv[0]):
        try:
            os.unlink(path)
        except OSError:
            pass
    sys.path.insert(0, os.getcwd())
    sys.dont_write_bytecode = True

    def on_alarm(signum, frame):
        # Re-armed so a sample that swallows the first one is still interrupted.
        _setitimer(signal.ITIMER_REAL, 0.2)
        raise HarnessTimeout()

    signal.signal(signal.SIGALRM, on_alarm)
    _setitimer(signal.ITIMER_REAL, max(0.05, job['deadlineMs'] / 1000))
    timed_out = False
    try:
        findings, gated = lint(job, sources)
        for finding in findings[:FINDINGS_LIMIT]:
            send({'ev': 'finding', **{k: (v[:MESSAGE_LIMIT] if isinstance(v, str) else v) for k, v in finding.items()}})
        send({'ev': 'lint', 'gated': gated, 'findings': len(findings)})
        if not gated:
            timed_out = run_tests(job, sources, send).timed_out
    except HarnessTimeout:
        timed_out = True
    finally:
        _setitimer(signal.ITIMER_REAL, 0)
    send({'ev': 'done', 'timedOut': timed_out})


def main(argv):
    # The streams as the job got them: the sample may replace sys.stdout with an object of its own, whose
    # methods the harness then never calls.
    _streams[:] = [sys.stdout, sys.stderr]
    send = open_channel()
    if send is None:
        print('flywheel harness: no verdict channel on fd 3', file=sys.stderr)
        return 2
    try:
        run(argv, send)
    except BaseException as exc:  # noqa: BLE001 - the harness's own failure, reported as such
        send({'ev': 'crash', 'message': ''.join(traceback.format_exception(exc))[-MESSAGE_LIMIT:]})
    for stream in _streams:
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001
            pass
    # No atexit hook, finalizer or thread of the sample runs after the report is complete.
    _exit(0)


if __name__ == '__main__':
    preload()
    main(sys.argv[1:])
