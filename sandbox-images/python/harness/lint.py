"""pyflakes over the solution and the tests, before any sample code runs: findings, and whether one of them is
an error that stops the job before its tests.
"""
import ast
import sys
import types


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
    except (RecursionError, MemoryError):
        # MemoryError: Python's parser runs out of its own stack (a power tower thousands high).
        finding = {'file': job['solution'], 'line': 1, 'column': 1, 'tool': 'flywheel', 'rule': 'too-deep',
                   'message': 'the sample is nested too deeply for the linter to read it'}
        return [finding], True
    except ValueError as err:
        # A NUL byte where Python reads source: in the file, or in a string pyflakes parses as an annotation.
        finding = {'file': job['solution'], 'line': 1, 'column': 1, 'tool': 'python', 'rule': 'SyntaxError', 'message': str(err)}
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
