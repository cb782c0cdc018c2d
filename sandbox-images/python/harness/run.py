"""Flywheel test harness for Python samples: runs the tests case by case, reporting each over the verdict
channel (fd 3, see the runner's channel.py). The sample was linted before, by the resident linter
(lint-server.py), and reaches this job only if the lint found no defect.

It runs in a child the zygote forked for this job, or as a script; either way it reads the channel's nonce,
the job and both sources before any sample code loads, and the tests file and the job file are gone from disk
before the solution is imported.

The harness and the sample share one interpreter, so what decides a verdict is split in two. This module holds
the channel, the nonce and the run of the cases: none of it is reachable from sample code, which would need a
frame of ours (sys._getframe, a traceback's tb_frame, a generator's gi_frame, a signal handler's argument) or
one of our functions or classes (this module defines no class, and hands no function of its own to the
sample). The audit hook refuses every way to a frame unless the nearest code above it that is not the standard
library's is the harness's own. What the sample can reach, by design, are the checks in verdicts.py, which
read nothing that sample code can change. After each case the harness checks that the builtins, the checks the
tests call and unittest are still the ones it put there.

The job file (JSON) names: solution, tests, deadlineMs (own time budget, below the sandbox's limit),
testNames (the cases the host parsed).
"""
import _imp
import _signal
import _thread
import ast
import binascii
import builtins
import importlib.util
import json
import marshal
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

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    """A module of the harness, under a name no sample's module can take, and not in the module table."""
    spec = importlib.util.spec_from_file_location(f'flywheel_{name}', os.path.join(HERE, f'{name}.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rewrite = load('rewrite')
verdicts = load('verdicts')

MESSAGE_LIMIT = 2000
CHANNEL_FD = 3
HarnessTimeout = verdicts.HarnessTimeout
_write = os.write
_read = os.read
_exit = os._exit
_dumps = json.dumps
_monotonic = time.monotonic
_setitimer = signal.setitimer
_gettrace = sys.gettrace
_getprofile = sys.getprofile
_getframe = sys._getframe
_get_ident = _thread.get_ident
_getcwd = os.getcwd
_set_handler = _signal.signal
_type = type
_traceback_of = BaseException.__dict__['__traceback__'].__get__
_dict_of = type.__dict__['__dict__'].__get__
_mro_of = type.__dict__['__mro__'].__get__
_repr = reprlib.Repr()
_repr.maxstring = 120
_repr.maxother = 120
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxdict = 12

# Loaded in the zygote: the modules tests use most, and the ones whose classes verdicts.py trusts.
PRELOADED = ('unittest', 'fractions', 'decimal', 'datetime', 'collections', 'heapq', 'bisect', 'itertools',
             'functools', 'math', 'string', 'typing', 'dataclasses', 'enum', 'copy', 'random', 'logging')


def short_repr(value):
    try:
        return _repr.repr(value)
    except HarnessTimeout:
        raise
    except BaseException as err:  # noqa: BLE001 - a broken __repr__ must not end the harness
        return f'<unrepresentable {_type(value).__name__}: {_type(err).__name__}>'


WARM_UP = {
    'solution': 'from typing import List\n\n\ndef f(xs: List[int]) -> List[int]:\n    """Doubles."""\n    return [x * 2 for x in xs]\n',
    'tests': 'def test_f():\n    assert f([1, 2]) == [2, 4]\n    assert 3 in f([1.5]) and 1 < 2 <= 3\n\n\ndef test_g():\n    assert f([]) != [1], "no %s" % 1\n',
}


def preload():
    """Run once in the zygote, before any job exists: the imports every job needs, and one made-up job run
    through the tests, so that first-use costs (caches, lazy imports) are paid here and not by every child."""
    for name in PRELOADED:
        __import__(name)
    wrap_unittest()
    guard_builtin_modules()
    problems = verdicts.unsealed(sealed_functions())
    if problems:
        raise RuntimeError(f'harness checks that read globals: {problems}')
    # What the audit hook knows of the harness, the same for every job: worked out once, here.
    _known['codes'] = harness_codes()
    _known['frame users'] = frame_users()
    _known['protected'] = frozenset(id(fn) for fn in sealed_functions())
    bind_state(sealed_functions(), _state)
    saved = dict(sys.modules), sys.argv[:], sys.path[:]
    job = {'solution': '<warm-up solution>', 'tests': '<warm-up tests>', 'errorRules': []}
    with open(os.devnull, 'w') as quiet:
        _streams[:] = [quiet, quiet]
        run_tests(job, WARM_UP, lambda record: None, guard=False)
        _streams.clear()
    sys.modules.clear()
    sys.modules.update(saved[0])
    sys.argv[:], sys.path[:] = saved[1], saved[2]
    _known['builtins'] = dict(vars(builtins))


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


# ---------------------------------------------------------------- what the sample reaches

_wrapped = {}  # unittest.TestCase's assertion name -> the harness's wrapper
_known = {}  # what preload() worked out for the audit hook
_real = {}  # what the harness put in place, to tell later whether it is still there


def wrap_unittest():
    """unittest's assertions compare with `==` of their own: each becomes a wrapper of verdicts.py, also under
    its deprecated aliases (which otherwise call the original directly). And `unittest.main()` at the end of a
    test file does nothing: the harness runs each test method as its own case."""
    import inspect
    import unittest
    import unittest.case
    case = unittest.TestCase
    own = _dict_of(case)
    originals = {name: fn for name, fn in own.items() if name.startswith('assert') and isinstance(fn, types.FunctionType)}
    for name, fn in list(own.items()):
        if not isinstance(fn, types.FunctionType) or not (name.startswith('assert') or name.startswith('fail')):
            continue
        target = name
        for cell in fn.__closure__ or ():
            # A deprecated alias (assertEquals, failUnless...) closes over the assertion it calls.
            for other, original in originals.items():
                if cell.cell_contents is original:
                    target = other
        if target not in originals:
            continue
        original = originals[target]
        params = tuple(list(inspect.signature(original).parameters)[1:])
        wrapper = verdicts.make_assertion(target, original, params)
        setattr(case, name, wrapper)
        _wrapped[name] = wrapper
    unittest.main = verdicts.unittest_main
    _real['unittest'] = unittest
    _real['unittest.case'] = unittest.case
    _real['TestCase'] = case
    _real['TestCase.dict'] = dict(_dict_of(case))
    _real['unittest.dict'] = dict(vars(unittest))


def guard_builtin_modules():
    """The guards for the job (see install_builtin_guards): the sample may not install a signal handler (it is
    handed the frame it interrupts), nor load a second copy of `_signal` that would not be guarded, nor an
    extension module from outside Python's own directories."""
    denied = frozenset({'_signal', '_imp', 'ctypes', '_ctypes', 'mmap', '_testcapi', '_testinternalcapi', 'faulthandler', '_xxsubinterpreters'})
    dirs = tuple(os.path.realpath(p) + '/' for p in sys.path if p.startswith('/usr/lib/python3'))
    _real['signal'] = verdicts.make_signal(_signal.signal)
    _real['create_builtin'] = verdicts.make_create(_imp.create_builtin, None, denied)
    _real['create_dynamic'] = verdicts.make_create(_imp.create_dynamic, dirs, denied)


def install_builtin_guards():
    """In the job's own process only (the zygote keeps its signal handlers)."""
    _signal.signal = _real['signal']
    _imp.create_builtin = _real['create_builtin']
    _imp.create_dynamic = _real['create_dynamic']


def sealed_functions():
    return [*verdicts.PUBLIC, *_wrapped.values(), _real['signal'], _real['create_builtin'], _real['create_dynamic']]


# The job's state: the running case's checks and last false comparison, the tests' code. One dict, bound into
# the checks once in the zygote; each job fills it (rebinding per job would copy every check's pages per child).
_state = {'checks': 0, 'last_false': None, 'test_codes': frozenset()}


def bind_state(functions, state):
    """`state` and sys._getframe, into each of the checks that takes them."""
    for fn in functions:
        defaults = dict(fn.__kwdefaults__ or {})
        for key in ('_state', '__fw_state'):
            if key in defaults:
                defaults[key] = state
        if '_getframe' in defaults:
            defaults['_getframe'] = _getframe
        fn.__kwdefaults__ = defaults


# ---------------------------------------------------------------- the audit hook

# What sample code may not do at run time, whatever it wrote to get there (the static gate reads only what is
# written, not what a string becomes under exec): audit hooks cannot be removed once added.
_FORBIDDEN = {
    'gc.get_objects', 'gc.get_referrers', 'gc.get_referents', 'sys._current_frames', 'sys._current_exceptions',
    'sys.settrace', 'sys.setprofile', 'os.kill', 'os.killpg', 'signal.pthread_kill', 'code.__new__', 'function.__new__',
    'sys.addaudithook', 'cpython.PyInterpreterState_Clear', 'cpython.run_command',
}
_FORBIDDEN_IMPORTS = {'ctypes', '_ctypes', 'mmap', '_testcapi', '_testinternalcapi', 'faulthandler', 'cffi'}
_FRAME_ATTRIBUTES = {'tb_frame', 'f_code', 'gi_frame', 'gi_code', 'cr_frame', 'cr_code', 'ag_frame', 'ag_code'}
_PATHS = {'open', 'os.listdir', 'os.scandir', 'os.chdir'}
_WATCHED = _FORBIDDEN | _PATHS | {'import', 'object.__setattr__', 'object.__getattr__', 'sys._getframe', 'compile', 'marshal.loads', 'marshal.load'}
# Code that makes code: the standard library's modules compiled when they were installed. A .pyc is loaded only
# by the import system's own function, from a file in these directories, with the bytes that file holds.
_CODE_DIRS = ('/usr/lib/python3.11/', '/usr/lib/python3/dist-packages/')
# Standard modules that compile source they generate themselves (a dataclass's __init__, a namedtuple's __new__).
_CODE_MAKERS = ('/usr/lib/python3.11/dataclasses.py', '/usr/lib/python3.11/collections/__init__.py')
# Names that have no business in code a sample builds at run time and then compiles (exec, eval, compile).
_DYNAMIC_DENY = re.compile(r'__\w+__|\b(f_back|f_globals|f_locals|f_builtins|tb_frame|tb_next|gi_frame|cr_frame|_getframe|gc|ctypes|'
                           r'getattr|setattr|delattr|globals|vars|exec|eval|compile|import|builtins|sys|os|attrgetter|methodcaller|'
                           r'signal|atexit|inspect|unittest|traceback|_imp|_signal|marshal)\b')
_PROC = ('/proc', '/dev/fd')
_modules = sys.modules
_os_open, _os_read, _os_close = os.open, os.read, os.close


def harness_codes():
    """The ids of every code object of this module and of verdicts.py (functions, nested functions, lambdas)."""
    return codes_of([v for module in (globals(), vars(verdicts)) for v in module.values() if isinstance(v, types.FunctionType)] + sealed_functions())


def codes_of(functions):
    codes = set()
    stack = [fn.__code__ for fn in functions]
    while stack:
        code = stack.pop()
        if id(code) not in codes:
            codes.add(id(code))
            stack.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return frozenset(codes)


def frame_users():
    """Standard functions that look at their caller's frame for its module's name only (namedtuple, TypeVar,
    Enum('E', ...)), or to clear a traceback's frames (unittest's assertRaises): their frame lookups are allowed,
    theirs alone, by identity (a function that merely claims their file name gains nothing). Also logging's, but
    only from inside logging: a log call finding its caller, never a sample calling logging.currentframe(). And
    types.coroutine, the one standard function that replaces a function's code (with a flag set: asyncio's
    own generators use it)."""
    import collections
    import enum
    import logging
    import typing
    plain = codes_of([collections.namedtuple, typing._caller, _dict_of(enum.EnumType)['_create_'], traceback.clear_frames,
                      logging._is_internal_frame, logging.Logger.findCaller])
    return plain, id(logging.currentframe.__code__), id(logging.Logger.findCaller.__code__), id(types.coroutine.__code__)


def absolute(path):
    """`path` made absolute against the working directory and cleaned of `.` and `..`, by string alone: the hook
    calls nothing a sample could have replaced (os.path's functions look up os in a module the sample can write)."""
    if _type(path) is bytes:
        path = path.decode('utf-8', 'replace')
    if not path.startswith('/'):
        path = _getcwd() + '/' + path
    parts = []
    for part in path.split('/'):
        if part == '..':
            if parts:
                parts.pop()
        elif part and part != '.':
            parts.append(part)
    return '/' + '/'.join(parts)


def file_bytes(path):
    fd = _os_open(path, os.O_RDONLY)
    try:
        chunks = []
        while True:
            chunk = _os_read(fd, 1 << 20)
            if not chunk:
                return b''.join(chunks)
            chunks.append(chunk)
    finally:
        _os_close(fd)


def install_guard(sample_files, codes, protected, frame_users):
    """The audit hook. `codes`: ids of the harness's code objects; `protected`: ids of the checks of verdicts.py,
    whose defaults (what they compare with) no one else reads or replaces. A privilege is the raising code's own:
    the harness's functions, and the few standard ones above; never code that only has one of them up its stack
    (the sample's __repr__ called by the harness, or a standard function the sample put where the harness looks)."""
    busy = set()  # threads inside the hook: what it does itself is not checked again
    users, currentframe, find_caller, coroutine = frame_users
    compile_bytecode = id(_modules['_frozen_importlib_external']._compile_bytecode.__code__)

    def refuse(what):
        raise RuntimeError(f'flywheel: a sample may not {what}')

    def frames_allowed(frame):
        code = id(frame.f_code)
        if code in codes or code in users:
            return True
        return code == currentframe and frame.f_back is not None and id(frame.f_back.f_code) == find_caller

    def genuine_bytecode(frame, data):
        # The import system's _compile_bytecode(data, name, bytecode_path, source_path), on a .pyc's contents.
        if id(frame.f_code) != compile_bytecode:
            return False
        path = frame.f_locals.get('bytecode_path')
        if _type(path) is not str or not absolute(path).startswith(_CODE_DIRS):
            return False
        try:
            return file_bytes(absolute(path))[16:] == data
        except OSError:
            return False

    def check(event, args, frame):
        if event == 'code.__new__' or event == 'object.__setattr__' and args[1] == '__code__':
            if id(frame.f_code) == coroutine:
                return
        if event in _FORBIDDEN or event.startswith('ctypes.'):
            refuse(f'use {event}')
        if event in ('marshal.loads', 'marshal.load'):
            if _type(args[0]) is not bytes or not genuine_bytecode(frame, args[0]):
                refuse(f'use {event}')
        elif event == 'import':
            if _type(args[0]) is str and args[0].split('.')[0] in _FORBIDDEN_IMPORTS:
                refuse(f'import {args[0]}')
        elif event in _PATHS:
            path = args[0]
            if _type(path) in (str, bytes):
                path = absolute(path)
                if any(path == p or path.startswith(p + '/') for p in _PROC):
                    refuse(f'open {args[0]!r}')
        elif event == 'object.__getattr__':
            name = args[1]
            if name in _FRAME_ATTRIBUTES:
                if not frames_allowed(frame):
                    refuse('reach for stack frames (sys._getframe, tb_frame, gi_frame, f_code)')
            elif name in ('__defaults__', '__kwdefaults__') and id(args[0]) in protected and id(frame.f_code) not in codes:
                refuse(f'read the harness\'s {name}')
        elif event == 'sys._getframe':
            if not frames_allowed(frame):
                refuse('reach for stack frames (sys._getframe, tb_frame, gi_frame, f_code)')
        elif event == 'object.__setattr__':
            name = args[1]
            mine = id(frame.f_code) in codes
            if name == '__code__' and not mine:
                refuse('replace __code__')
            if name in ('__class__', '__bases__', '__dict__') and not mine and not frame.f_code.co_filename.startswith(_CODE_DIRS[0]):
                refuse(f'replace {name}')
            if name in ('__defaults__', '__kwdefaults__') and id(args[0]) in protected and not mine:
                refuse(f'replace the harness\'s {name}')
        elif event == 'compile':
            source, filename = args[0], args[1]
            if id(frame.f_code) in codes:
                return
            if _type(filename) is str and (filename in sample_files or filename.startswith('<frozen ') or absolute(filename).startswith(_CODE_DIRS)):
                refuse(f'compile code under the name {filename!r}')
            if frame.f_code.co_filename in _CODE_MAKERS:
                return
            if _type(source) not in (str, bytes):
                refuse('compile a syntax tree it built')
            text = source.decode('utf-8', 'replace') if _type(source) is bytes else source
            found = _DYNAMIC_DENY.search(text)
            if found:
                refuse(f'compile code built at run time that names {found.group(0)}')

    def hook(event, args):
        if event not in _WATCHED and not event.startswith('ctypes.'):
            return
        me = _get_ident()
        if me in busy:
            return
        busy.add(me)
        try:
            # 0 this hook, 1 the code that raised the event.
            check(event, args, _getframe(1))
        finally:
            busy.discard(me)

    sys.addaudithook(hook)


# ---------------------------------------------------------------- reporting a case

_sources = {}  # file name -> its lines, for the sample's frames in a traceback (the files are gone)
_streams = []


def sample_frames(exc, files):
    """(file, line, function) of the traceback's frames that are the sample's files, innermost last. The
    harness walks the traceback itself: no function a sample could have replaced sees a frame."""
    out = []
    tb = _traceback_of(exc)
    while _type(tb) is types.TracebackType:
        code = tb.tb_frame.f_code
        if code.co_filename in files:
            out.append((code.co_filename, tb.tb_lineno, code.co_name))
        tb = tb.tb_next
    return out


def explain_assertion(exc, files, last_false):
    """`assert f(x) == y` failing with no message says little: add the statement and both sides' values, as
    the comparison saw them."""
    message = safe_str(exc)
    frames = sample_frames(exc, files)
    if not frames:
        return f'AssertionError: {message}' if message else 'AssertionError'
    filename, line, _ = frames[-1]
    node = None
    # Parsed only now, for a failed case: a passing sample does not pay for a second tree of the same source.
    try:
        tree = compile(files[filename], filename, 'exec', ast.PyCF_ONLY_AST)
    except (RecursionError, MemoryError):
        tree = ast.Module(body=[], type_ignores=[])
    for candidate in ast.walk(tree):
        if isinstance(candidate, ast.Assert) and candidate.lineno <= line <= (candidate.end_lineno or candidate.lineno):
            node = candidate
    text = f'AssertionError at {filename}:{line}'
    if node is not None:
        text += f': assert {ast.unparse(node.test)}'
        if last_false is not None and last_false[0] == filename and node.lineno <= last_false[1] <= (node.end_lineno or node.lineno):
            text += f' -- left: {short_repr(last_false[2])}, right: {short_repr(last_false[4])}'
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


def describe(exc, files):
    message = safe_str(exc)
    text = f'{_type(exc).__name__}: {message}' if message else _type(exc).__name__
    frames = sample_frames(exc, files)
    if frames:
        filename, line, function = frames[-1]
        text += f' ({filename} line {line}, in {function})'
    return text


def print_traceback(name, exc, files):
    # The tail of stderr goes back to the model in the revision prompt, so only the sample's own frames.
    try:
        lines = []
        for filename, line, function in sample_frames(exc, files)[-8:]:
            source = _sources.get(filename, [])
            lines.append(f'  File "{filename}", line {line}, in {function}\n')
            if 0 < line <= len(source):
                lines.append(f'    {source[line - 1].strip()}\n')
        message = safe_str(exc)
        _streams[1].write(f'--- {name}\n' + ''.join(lines) + (f'{_type(exc).__name__}: {message}\n' if message else f'{_type(exc).__name__}\n'))
    except HarnessTimeout:
        raise
    except BaseException:  # noqa: BLE001 - the sample broke stderr or its exception: the record still goes
        pass


def tampered(builtins_then, namespace, bound):
    """What the sample changed that the harness relies on, or None."""
    if _gettrace() is not None or _getprofile() is not None:
        return 'a trace or profile function was installed'
    current = vars(builtins)
    changed = [name for name, value in builtins_then.items() if current.get(name, _MISSING) is not value]
    if changed:
        return f'builtins were replaced: {", ".join(sorted(changed)[:5])}'
    if any(namespace.get(name, _MISSING) is not fn for name, fn in bound.items()):
        return 'the harness\'s checks in the tests\' namespace were replaced'
    if _modules.get('unittest') is not _real['unittest'] or _modules.get('unittest.case') is not _real['unittest.case']:
        return 'unittest was replaced in the module table'
    for now, then, what in ((_dict_of(_real['TestCase']), _real['TestCase.dict'], 'unittest.TestCase'), (vars(_real['unittest']), _real['unittest.dict'], 'unittest')):
        if len(now) != len(then) or any(now.get(name, _MISSING) is not value for name, value in then.items()):
            return f'{what} was changed'
    return None


_MISSING = object()


# ---------------------------------------------------------------- the cases

def collect_cases(namespace, names, codes):
    """The tests' cases (rewrite.case_names), each as the function that runs it."""
    named, every = codes
    cases = []
    for name, klass, attr in names:
        if klass is None:
            cases.append((name, as_case(name, namespace.get(name), named.get(name))))
        else:
            cases.append((name, method_case(namespace.get(klass), attr, named.get(name), every)))
    return cases


def failing(message):
    def fails():
        raise RuntimeError(message)
    return fails


def checked(name, fn, code):
    """`fn`, if it is the function the tests' file defined under `name`, else a case that fails saying so."""
    if _type(fn) is types.FunctionType and fn.__code__ is code and code is not None:
        return fn
    return failing(f'{name} is not the function the tests define (it was replaced or never defined)')


def finish(result):
    """A test's return value: a coroutine is run, a generator run to its end (its asserts are in there);
    anything else a test returns means checks that never ran (a function it meant to call, say)."""
    kind = _type(result)
    if kind is types.CoroutineType:
        import asyncio
        result = asyncio.run(result)
        kind = _type(result)
    elif kind is types.GeneratorType:
        for _ in result:
            pass
        return
    if result is not None:
        raise TypeError(f'the test returned a {kind.__name__}: a test function returns nothing, and checks it hands back never run')


def as_case(name, fn, code):
    fn = checked(name, fn, code)
    if _type(fn) is not types.FunctionType or fn.__code__ is not code:
        return fn
    required = code.co_varnames[:code.co_argcount - len(fn.__defaults__ or ())]
    if required:
        return failing(f'{name}() takes arguments ({", ".join(required)}); test functions take none')
    return lambda: finish(fn())


def foreign_assertion(cls, test_code_ids):
    """The name of an assertion of unittest's that `cls` gets from somewhere other than unittest or the tests'
    own code (a base class of the solution's that defines assertEqual, say), or None."""
    mro = _mro_of(cls)
    for name, wrapper in _wrapped.items():
        for klass in mro:
            own = _dict_of(klass)
            if name in own:
                value = own[name]
                if value is not wrapper and not (_type(value) is types.FunctionType and id(value.__code__) in test_code_ids):
                    return name
                break
    return None


def method_case(cls, attr, code, test_code_ids):
    if not isinstance(cls, type):
        return failing(f'the test class of {attr} is not a class when the tests have run')
    # From the class's own dictionary, checked against the tests' code: not through attribute lookup, which the
    # sample could have redirected.
    method = checked(f'{cls.__name__}.{attr}', _dict_of(cls).get(attr), code)
    if _type(method) is not types.FunctionType or method.__code__ is not code:
        return method
    foreign = foreign_assertion(cls, test_code_ids)
    if foreign is not None:
        return failing(f'{cls.__name__}.{foreign} is not unittest\'s: a test class\'s assertions are unittest\'s or the tests\' own')
    if not issubclass(cls, _real['TestCase']):
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
        except _real['unittest'].SkipTest as exc:
            raise RuntimeError(f'{attr} was skipped ({safe_str(exc)}): a skipped test is not a passed one') from None
        finally:
            case.tearDown()
            case.doCleanups()
    return run_unittest


_set_up_classes = set()


def run_tests(job, sources, send, guard=True):
    """Runs the cases; True if the harness's deadline ended the run."""
    solution_path, tests_path = job['solution'], job['tests']
    # File name -> source, for the sample's frames in a report.
    files = {solution_path: sources['solution'], tests_path: sources['tests']}

    module = types.ModuleType('solution')
    module.__file__ = solution_path
    sys.modules['solution'] = module
    # The tests run as a main module, as they would on their own, but the module table does not lead to them.
    main_module = types.ModuleType('__main__')
    main_module.__file__ = tests_path
    namespace = main_module.__dict__
    namespace['__builtins__'] = builtins
    sys.argv = [tests_path]
    # The rewrite recurses once per level of nesting, as pyflakes does: the same room, and deeper is the sample's failure.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 6000))
    try:
        solution_code, tests_code, case_names = sources.get('compiled') or rewrite.compiled(sources['solution'], sources['tests'], (solution_path, tests_path))
    except (RecursionError, MemoryError):
        send({'ev': 'start', 'case': '<solution>'})
        send({'ev': 'end', 'case': '<solution>', 'status': 'error', 'message': 'the sample is nested too deeply to compile', 'ms': 0})
        return False
    finally:
        sys.setrecursionlimit(limit)
    codes = rewrite.test_codes(tests_code)
    codes[1].add(id(tests_code))
    state = _state
    state.update(checks=0, last_false=None, test_codes=codes[1])
    bound = {rewrite.COMPARE: verdicts.compare, rewrite.CHAIN: verdicts.chain, rewrite.ARITH: verdicts.arith, rewrite.TRUTH: verdicts.truth}
    # The zygote's snapshot: nothing but the harness has run in this process since it was taken.
    builtins_then = _known.get('builtins') or dict(vars(builtins))
    if guard:
        install_builtin_guards()
        install_guard({solution_path, tests_path}, _known['codes'], _known['protected'], _known['frame users'])
    timed_out = [False]

    def case(name, fn, needs_checks=True):
        send({'ev': 'start', 'case': name})
        started = _monotonic()
        state['checks'] = 0
        state['last_false'] = None
        status, message = 'pass', ''
        try:
            try:
                fn()
            except AssertionError as exc:
                status, message = 'fail', explain_assertion(exc, files, state['last_false'])
                print_traceback(name, exc, files)
            except HarnessTimeout:
                raise
            except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are a case's failure too
                status, message = 'error', describe(exc, files)
                print_traceback(name, exc, files)
            if status == 'pass' and needs_checks and not state['checks']:
                status, message = 'fail', 'the test checked nothing: no assert, comparison or unittest assertion of the tests\' own ran'
            changed = tampered(builtins_then, namespace, bound)
            if changed is not None:
                status, message = 'error', f'the sample changed what the harness relies on: {changed}'
        except HarnessTimeout:
            _setitimer(signal.ITIMER_REAL, 0)
            timed_out[0] = True
            status, message = 'error', 'timed out: the time limit was reached while this case ran'
        for stream in _streams:
            try:
                stream.flush()
            except BaseException:  # noqa: BLE001
                pass
        send({'ev': 'end', 'case': name, 'status': status, 'message': message[:MESSAGE_LIMIT],
              'ms': round((_monotonic() - started) * 1000)})
        return status

    namespace.update(bound)
    if case('<solution>', lambda: exec(solution_code, module.__dict__), needs_checks=False) != 'pass' or timed_out[0]:
        return timed_out[0]
    # The solution's names, as one program's; but not over a builtin (the tests' abs() stays Python's: the
    # host's gate fails a solution that redefines a builtin the tests use).
    namespace.update({k: v for k, v in module.__dict__.items() if not k.startswith('__') and k not in builtins_then})
    namespace.update(bound)
    case('<module>', lambda: exec(tests_code, namespace), needs_checks=False)
    if timed_out[0]:
        return True
    for name, fn in collect_cases(namespace, case_names, codes):
        case(name, fn)
        if timed_out[0]:
            break
    return timed_out[0]


def loaded(text, names):
    """The code the resident linter compiled (rewrite.compiled, marshalled, base64), or None if it is not that."""
    try:
        value = marshal.loads(binascii.a2b_base64(text))
    except (ValueError, EOFError, TypeError, binascii.Error):
        return None
    if (_type(value) is not tuple or len(value) != 3 or any(_type(code) is not types.CodeType for code in value[:2])
            or (value[0].co_filename, value[1].co_filename) != names or _type(value[2]) is not list):
        return None
    return value


def run(argv, send):
    job = json.loads(file_bytes(argv[0]))
    sources = {}
    for key in ('solution', 'tests'):
        sources[key] = file_bytes(job[key]).decode('utf-8')
        _sources[job[key]] = sources[key].splitlines()
    if job.get('compiled'):
        compiled = loaded(file_bytes(job['compiled']), (job['solution'], job['tests']))
        if compiled is not None:
            sources['compiled'] = compiled
    # The sample never reads its tests (or the job) back from disk.
    for path in (job['tests'], argv[0], *([job['compiled']] if job.get('compiled') else [])):
        try:
            os.unlink(path)
        except OSError:
            pass
    sys.path.insert(0, os.getcwd())
    sys.dont_write_bytecode = True
    on_alarm = verdicts.make_alarm(_setitimer, signal.ITIMER_REAL)
    _set_handler(signal.SIGALRM, on_alarm)
    _setitimer(signal.ITIMER_REAL, max(0.05, job['deadlineMs'] / 1000))
    timed_out = False
    try:
        timed_out = run_tests(job, sources, send)
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
