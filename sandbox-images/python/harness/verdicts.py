"""What decides a case and is within the sample's reach: the comparisons, arithmetic and asserts the tests' code
is rewritten to call, unittest's assertions, `unittest.main`, the harness's timer and the guards on signal
handlers and on creating a second copy of a built-in module.

Sample code can reach every function here (unittest.TestCase.assertEqual is one of them), and through
`__globals__` this module's namespace, which it may change as it likes. So no function here reads a global when
it runs: what each one uses is bound as a keyword-only default when it is defined, and the harness's audit hook
refuses reading or replacing those defaults. `unsealed()` lists any function that does read a global, and the
harness refuses to start if there is one.

The rule for values the sample's own classes made: such an object equals no plain value (an int, a str, a list
of those...), is in no container of plain values and cannot be ordered against one, whatever its `__eq__`
says: the object never decides whether it matches an expected value it is handed. Two such objects are
compared by their own methods, after a probe that the first does not equal a bare `object()`. Instances of
subclasses of builtin types are read as the builtin value they hold, at the C level; instances of a few
standard value types (Fraction, Decimal, datetime, deque, enums) compare by their own unchanged methods.
"""
import _imp
import _signal
import collections
import datetime
import decimal
import dis
import enum
import fractions
import numbers
import operator
import os
import types


class HarnessTimeout(BaseException):
    """Raised by the timer; a BaseException so a sample's `except Exception` does not swallow it."""


_PLAIN = frozenset({int, float, complex, str, bytes, bool, type(None), range})
_SCALARS = frozenset({int, float, complex, str, bytes, bool, type(None)})
_CONTAINERS = frozenset({list, tuple, set, frozenset, dict})
_PARTS_BUDGET = 100000
_MISSING = object()

# Standard classes whose comparisons and arithmetic are trusted as long as their methods are the ones they
# had when the harness started (a sample may patch a class written in Python).
_TRUSTED_ROOTS = (
    object, type, fractions.Fraction, decimal.Decimal, decimal.Context, datetime.date, datetime.datetime,
    datetime.time, datetime.timedelta, datetime.timezone, collections.deque, enum.Enum, enum.IntEnum, enum.Flag,
    enum.IntFlag, enum.StrEnum, numbers.Number, slice, type(Ellipsis), type(NotImplemented),
)
_DUNDERS = (
    '__eq__', '__ne__', '__lt__', '__le__', '__gt__', '__ge__', '__hash__', '__contains__', '__iter__', '__len__',
    '__getitem__', '__bool__', '__add__', '__radd__', '__sub__', '__rsub__', '__mul__', '__rmul__', '__truediv__',
    '__rtruediv__', '__floordiv__', '__rfloordiv__', '__mod__', '__rmod__', '__pow__', '__rpow__', '__abs__',
    '__neg__', '__float__', '__int__', '__index__', '__round__', '__getattribute__', '__getattr__', '__class__',
)
_mro_of = type.__dict__['__mro__'].__get__
_dict_of = type.__dict__['__dict__'].__get__


def _trusted():
    classes = []
    for root in _TRUSTED_ROOTS:
        classes.extend(_mro_of(root))
    classes.extend(_PLAIN)
    classes.extend(_CONTAINERS)
    kept = tuple(dict.fromkeys(classes))
    methods = {(id(cls), name): _dict_of(cls)[name] for cls in kept for name in _DUNDERS if name in _dict_of(cls)}
    return kept, frozenset(id(cls) for cls in kept), methods


_TRUSTED_CLASSES, _TRUSTED_IDS, _TRUSTED_METHODS = _trusted()


def honest_type(kind, *, _mro=_mro_of, _own=_dict_of, _ids=_TRUSTED_IDS, _methods=_TRUSTED_METHODS, _names=_DUNDERS,
                _id=id, _missing=_MISSING, _keep=_TRUSTED_CLASSES):
    """Whether objects of `kind` compare and compute by methods no sample wrote: every class it is made of is a
    trusted one, and each still has the methods it started with."""
    mro = _mro(kind)
    for cls in mro:
        if _id(cls) not in _ids:
            return False
    for cls in mro:
        own = _own(cls)
        for name in _names:
            if own.get(name, _missing) is not _methods.get((_id(cls), name), _missing):
                return False
    return True


# How to read the builtin value out of an instance of a subclass, without calling anything the subclass defines.
_BASE_READERS = (
    (bool, bool.__bool__), (int, lambda v, *, _add=int.__add__: _add(v, 0)), (float, lambda v, *, _add=float.__add__: _add(v, 0.0)),
    (complex, lambda v, *, _add=complex.__add__: _add(v, 0)), (str, lambda v, *, _add=str.__add__: _add(v, '')),
    (bytes, lambda v, *, _add=bytes.__add__: _add(v, b'')), (list, list.copy), (tuple, lambda v, *, _add=tuple.__add__: _add(v, ())),
    (dict, dict.copy), (set, set.copy), (frozenset, frozenset.copy),
)


def plain_value(value, depth=0, *, _self=None, _readers=_BASE_READERS, _type=type, _plain=_PLAIN, _containers=_CONTAINERS,
                _issubclass=issubclass, _dict_items=dict.items, _list_copy=list.copy, _tuple_iter=tuple.__iter__,
                _set_iter=set.__iter__, _frozenset_iter=frozenset.__iter__, _list=list, _dict=dict, _tuple=tuple, _set=set):
    """`value` with every instance of a subclass of a builtin type (an int, a list... of a class the sample
    wrote) replaced by the builtin value it holds, read at the C level. Other objects are left as they are."""
    kind = _type(value)
    if kind in _plain or depth > 50:
        return value
    if kind in _containers:
        if kind is _dict:
            return {_self(k, depth + 1): _self(v, depth + 1) for k, v in _dict_items(value)}
        items = _list_copy(value) if kind is _list else _tuple_iter(value) if kind is _tuple else _set_iter(value) if kind is _set else _frozenset_iter(value)
        items = [_self(v, depth + 1) for v in items]
        return items if kind is _list else kind(items)
    for base, read in _readers:
        if _issubclass(kind, base):
            return _self(read(value), depth + 1)
    return value


plain_value.__kwdefaults__ = {**plain_value.__kwdefaults__, '_self': plain_value}


def sample_parts(value, *, _type=type, _plain=_PLAIN, _containers=_CONTAINERS, _dict=dict, _keys=dict.keys,
                 _values=dict.values, _honest=honest_type, _budget=_PARTS_BUDGET):
    """Objects inside `value` (a plain value after plain_value) of classes the sample wrote, up to a budget of
    elements looked at."""
    out = []
    stack = [value]
    seen = 0
    while stack and seen < _budget:
        item = stack.pop()
        seen += 1
        kind = _type(item)
        if kind in _plain:
            continue
        if kind in _containers:
            if kind is _dict:
                stack.extend(_keys(item))
                stack.extend(_values(item))
            else:
                stack.extend(item)
            continue
        if not _honest(kind):
            out.append(item)
    return out


def answers_anything(obj, op, *, _stranger=object, _bool=bool, _timeout=HarnessTimeout, _exception=Exception):
    """`obj` answers `op` truthfully for a stranger: a bare object() no honest value equals, orders against or
    contains."""
    stranger = _stranger()
    try:
        if op == '==':
            return _bool(obj == stranger)
        if op == 'in':
            return _bool(stranger in obj)
        if op == '<':
            return _bool(obj < stranger)
        if op == '<=':
            return _bool(obj <= stranger)
        if op == '>':
            return _bool(obj > stranger)
        return _bool(obj >= stranger)
    except _timeout:
        raise
    except _exception:  # noqa: BLE001 - an honest object refuses to compare with a stranger
        return False


def probed(parts, op, *, _answers=answers_anything, _type=type, _error=AssertionError):
    """Raises if one of two sample objects about to be compared answers a stranger."""
    for obj in parts:
        if _answers(obj, op):
            raise _error(f'a {_type(obj).__name__} compares {op} to an object it has never seen: a value that equals anything is not an answer')


def equal(left, right, *, _parts=sample_parts, _probed=probed):
    """`left == right` under the rule in the module's docstring (both already plain_value'd)."""
    lp, rp = _parts(left), _parts(right)
    if not lp and not rp:
        return left == right
    if not lp or not rp:
        return False
    _probed(lp, '==')
    _probed(rp, '==')
    return left == right


def member(item, container, *, _type=type, _containers=_CONTAINERS, _dict=dict, _keys=dict.keys, _parts=sample_parts,
           _equal=equal, _probed=probed, _honest=honest_type, _plain=_PLAIN):
    """`item in container` under the same rule: a builtin container is searched element by element."""
    kind = _type(container)
    if kind in _containers:
        ip = _parts(item)
        if not ip and not _parts(container):
            return item in container
        for element in (_keys(container) if kind is _dict else container):
            if _equal(item, element):
                return True
        return False
    ip = _parts(item)
    own = kind in _plain or _honest(kind)
    if own and not ip:
        return item in container
    if own or not ip:
        return False
    _probed(ip, '==')
    _probed([container], 'in')
    return item in container


def ordered(left, op, right, *, _parts=sample_parts, _probed=probed, _type=type, _lt=operator.lt, _le=operator.le,
            _gt=operator.gt, _ge=operator.ge, _error=TypeError):
    lp, rp = _parts(left), _parts(right)
    fn = _lt if op == '<' else _le if op == '<=' else _gt if op == '>' else _ge
    if not lp and not rp:
        return fn(left, right)
    if not lp or not rp:
        raise _error(f"'{op}' is not decided between a {_type(left).__name__} and a {_type(right).__name__} of which one is the sample's own class")
    _probed(lp, op)
    return fn(left, right)


def decide(left, op, right, *, _plain=plain_value, _equal=equal, _member=member, _ordered=ordered, _error=ValueError):
    """The value of `left op right` for the comparison operators the tests' code uses."""
    left, right = _plain(left), _plain(right)
    if op == '==':
        return _equal(left, right)
    if op == '!=':
        return not _equal(left, right)
    if op == 'in':
        return _member(left, right)
    if op == 'not in':
        return not _member(left, right)
    if op == 'is':
        return left is right
    if op == 'is not':
        return left is not right
    if op in ('<', '<=', '>', '>='):
        return _ordered(left, op, right)
    raise _error(f'unknown comparison {op}')


def counted(state, depth, *, _getframe=None, _id=id):
    """Counts one check for the running case when the code `depth` frames up is the tests' own."""
    if not state['checks']:
        frame = _getframe(depth + 1)
        if frame is not None and _id(frame.f_code) in state['test_codes']:
            state['checks'] = 1


def record_false(state, left, op, right, *, _getframe=None):
    frame = _getframe(2)
    state['last_false'] = (frame.f_code.co_filename, frame.f_lineno, left, op, right)


def compare(left, op, right, *, _state=None, _decide=decide, _counted=counted, _record=record_false, _bool=bool,
            _timeout=HarnessTimeout, _exception=Exception):
    """Every comparison in the tests (`==`, `!=`, `<`, `<=`, `>`, `>=`, `in`, `not in`) is a call to this."""
    _counted(_state, 1)
    result = _decide(left, op, right)
    try:
        truthy = _bool(result)
    except _timeout:
        raise
    except _exception:  # noqa: BLE001 - e.g. an array whose truth is ambiguous: let the test see it as written
        return result
    if not truthy:
        _record(_state, left, op, right)
    return result


def chain(operands, ops, *, _state=None, _decide=decide, _counted=counted, _record=record_false, _bool=bool, _range=range,
          _len=len):
    """`a < b <= c`: each link as `compare` decides it. The operands are all evaluated first (where Python stops
    at the first false link)."""
    _counted(_state, 1)
    result = True
    for i in _range(_len(ops)):
        result = _decide(operands[i], ops[i], operands[i + 1])
        if not _bool(result):
            _record(_state, operands[i], ops[i], operands[i + 1])
            return result
    return result


_ARITH = {
    '+': operator.add, '-': operator.sub, '*': operator.mul, '/': operator.truediv, '//': operator.floordiv,
    '%': operator.mod, '**': operator.pow, '@': operator.matmul, '<<': operator.lshift, '>>': operator.rshift,
    '&': operator.and_, '|': operator.or_, '^': operator.xor,
}


def arith(left, op, right, *, _ops=types.MappingProxyType(dict(_ARITH)), _type=type, _scalars=_SCALARS, _plain=_PLAIN,
          _containers=_CONTAINERS, _honest=honest_type, _parts=sample_parts, _error=AssertionError, _text=(str, bytes)):
    """Every binary operator in the tests is a call to this. A sample's object computing with a plain value
    (`abs(got - want)`) must not answer with a plain value it made from the one it was handed."""
    fn = _ops[op]
    lt, rt = _type(left), _type(right)
    if lt in _scalars and rt in _scalars:
        return fn(left, right)
    result = fn(left, right)
    lo = lt not in _plain and lt not in _containers and not _honest(lt)
    ro = rt not in _plain and rt not in _containers and not _honest(rt)
    if lo != ro and not (op == '%' and lt in _text) and not _parts(right if lo else left) and not _parts(result):
        raise _error(f"a {(lt if lo else rt).__name__} computed {op} with a plain value gave a plain value: a sample's class does not decide the tests' arithmetic")
    return result


def truth(value, *, _state=None, _counted=counted):
    """What an `assert` statement in the tests tests."""
    _counted(_state, 1)
    return value


def unittest_main(*args, **kwargs):
    """unittest.main() at the end of a test file does nothing: the harness runs each test method as a case."""
    return None


# unittest's assertions, by what they assert: (check, operand names).
ASSERTIONS = {
    'assertEqual': ('==', 'first', 'second'), 'assertListEqual': ('==', 'list1', 'list2'),
    'assertTupleEqual': ('==', 'tuple1', 'tuple2'), 'assertDictEqual': ('==', 'd1', 'd2'), 'assertSetEqual': ('==', 'set1', 'set2'),
    'assertSequenceEqual': ('==', 'seq1', 'seq2'), 'assertMultiLineEqual': ('==', 'first', 'second'),
    'assertCountEqual': ('==', 'first', 'second'), 'assertDictContainsSubset': ('==', 'subset', 'dictionary'),
    'assertAlmostEqual': ('==', 'first', 'second'), 'assertNotEqual': ('!=', 'first', 'second'),
    'assertNotAlmostEqual': ('!=', 'first', 'second'), 'assertIn': ('in', 'member', 'container'),
    'assertNotIn': ('not in', 'member', 'container'), 'assertGreater': ('>', 'a', 'b'), 'assertGreaterEqual': ('>=', 'a', 'b'),
    'assertLess': ('<', 'a', 'b'), 'assertLessEqual': ('<=', 'a', 'b'), 'assertIsInstance': ('isinstance', 'obj', 'cls'),
    'assertNotIsInstance': ('not isinstance', 'obj', 'cls'),
}


def make_assertion(name, original, params, *, _rules=types.MappingProxyType(ASSERTIONS)):
    """A wrapper for one of unittest.TestCase's assert methods: counts as a check, and decides comparisons of
    the sample's objects by the module's rule before unittest compares anything (the original then runs on the
    builtin values, for its messages and for everything it checks besides)."""
    rule = _rules.get(name)

    def assertion(self, *args, __fw_name=name, __fw_original=original, __fw_params=params, __fw_rule=rule, __fw_state=None,
                  __fw_counted=counted, __fw_plain=plain_value, __fw_parts=sample_parts, __fw_decide=decide,
                  __fw_error=AssertionError, __fw_len=len, __fw_type=type, __fw_issubclass=issubclass, __fw_enumerate=enumerate, **kwargs):
        __fw_counted(__fw_state, 1)
        if __fw_rule is None:
            return __fw_original(self, *args, **kwargs)
        check, left_name, right_name = __fw_rule
        # Where each operand was passed: its position, or its keyword.
        args = [*args]
        where = {}
        for i, param in __fw_enumerate(__fw_params[:__fw_len(args)]):
            where[param] = i
        for key in (left_name, right_name):
            if key not in where and key not in kwargs:
                return __fw_original(self, *args, **kwargs)  # unittest's own TypeError for the missing operand
        left = args[where[left_name]] if left_name in where else kwargs[left_name]
        right = args[where[right_name]] if right_name in where else kwargs[right_name]
        if check in ('isinstance', 'not isinstance'):
            # By the object's own class, not by the `__class__` it may claim.
            if __fw_issubclass(__fw_type(left), right) != (check == 'isinstance'):
                raise __fw_error(f'{__fw_type(left).__name__} is {"not " if check == "isinstance" else ""}an instance of {right}')
            return None
        left, right = __fw_plain(left), __fw_plain(right)
        left_parts, right_parts = __fw_parts(left), __fw_parts(right)
        if left_parts or right_parts:
            if not __fw_decide(left, check, right):
                raise __fw_error(f'{__fw_name}: a {__fw_type(left).__name__} and a {__fw_type(right).__name__}, one of the sample\'s own class: not {check}')
            if not (left_parts and right_parts):
                return None
        if left_name in where:
            args[where[left_name]] = left
        else:
            kwargs[left_name] = left
        if right_name in where:
            args[where[right_name]] = right
        else:
            kwargs[right_name] = right
        return __fw_original(self, *args, **kwargs)
    assertion.__name__ = assertion.__qualname__ = name
    return assertion


def make_signal(real, *, _alarm=_signal.SIGALRM):
    """`_signal.signal` for the sample: a handler is handed the frame it interrupted (the harness's, as often as
    not), so the sample may set SIG_DFL or SIG_IGN but no function of its own, and not for the harness's timer."""
    def signal(signalnum, handler, *, __fw_real=real, __fw_alarm=_alarm, __fw_index=operator.index,
               __fw_callable=callable, __fw_error=RuntimeError):
        number = __fw_index(signalnum)
        if number == __fw_alarm:
            raise __fw_error('flywheel: SIGALRM is the harness\'s timer')
        if __fw_callable(handler):
            raise __fw_error('flywheel: a sample may not install a signal handler (it would be handed the harness\'s frames)')
        return __fw_real(number, handler)
    return signal


def make_create(real, allowed_dirs, denied):
    """`_imp.create_builtin` / `create_dynamic` for the sample: a second copy of `_signal` (or of a module the
    harness refuses) would come without the harness's guard, and an extension from outside Python's own
    directories would run code no guard sees."""
    def create(spec, *args, __fw_real=real, __fw_denied=denied, __fw_dirs=allowed_dirs, __fw_type=type, __fw_str=str,
               __fw_ns=types.SimpleNamespace, __fw_realpath=os.path.realpath, __fw_error=ImportError, __fw_getattr=getattr):
        name, origin = spec.name, __fw_getattr(spec, 'origin', None)
        if __fw_type(name) is not __fw_str or name.split('.')[0] in __fw_denied:
            raise __fw_error(f'flywheel: a sample may not load {name!r}')
        if __fw_dirs is not None:
            if __fw_type(origin) is not __fw_str or not __fw_realpath(origin).startswith(__fw_dirs):
                raise __fw_error(f'flywheel: a sample may not load an extension from {origin!r}')
            return __fw_real(__fw_ns(name=name, origin=origin), *args)
        return __fw_real(__fw_ns(name=name), *args)
    return create


def make_alarm(setitimer, which, *, _timeout=HarnessTimeout):
    def on_alarm(signum, frame, *, __fw_setitimer=setitimer, __fw_which=which, __fw_timeout=_timeout):
        # Re-armed so a sample that swallows the first one is still interrupted.
        __fw_setitimer(__fw_which, 0.2)
        raise __fw_timeout()
    return on_alarm


def unsealed(functions):
    """The functions among these (and the code inside them) that read a global or a closure when they run."""
    bad = []
    for fn in functions:
        stack = [fn.__code__]
        while stack:
            code = stack.pop()
            names = {i.opname for i in dis.get_instructions(code)}
            if names & {'LOAD_GLOBAL', 'LOAD_NAME', 'STORE_GLOBAL', 'DELETE_GLOBAL'} or (fn.__closure__ and code is fn.__code__):
                bad.append(f'{fn.__name__} ({code.co_name})')
            stack.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return bad


PUBLIC = (honest_type, plain_value, sample_parts, answers_anything, probed, equal, member, ordered, decide, counted,
          record_false, compare, chain, arith, truth, unittest_main) + tuple(read for _, read in _BASE_READERS if isinstance(read, types.FunctionType))
