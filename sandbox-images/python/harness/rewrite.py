"""The tests' code as the harness compiles it: every comparison, chain of comparisons, binary operator and
`assert` becomes a call to the function of verdicts.py that decides it (bound in the tests' namespace under the
names below), so no object of the sample's is ever asked on its own whether it equals an expected value. An
`except` clause of the tests counts as a check when it runs, as an assert does.

Runs before any sample code exists in the process, on the tests' source only: in the resident linter, which
hands the compiled code on to the test job, or in the test job itself when it has none.
"""
import ast
import types

COMPARE = '__flywheel_compare__'
CHAIN = '__flywheel_chain__'
ARITH = '__flywheel_arith__'
TRUTH = '__flywheel_truth__'
NAMES = (COMPARE, CHAIN, ARITH, TRUTH)

_COMPARISONS = {
    ast.Eq: '==', ast.NotEq: '!=', ast.Lt: '<', ast.LtE: '<=', ast.Gt: '>', ast.GtE: '>=', ast.In: 'in', ast.NotIn: 'not in',
    ast.Is: 'is', ast.IsNot: 'is not',
}
_OPERATORS = {
    ast.Add: '+', ast.Sub: '-', ast.Mult: '*', ast.Div: '/', ast.FloorDiv: '//', ast.Mod: '%', ast.Pow: '**',
    ast.MatMult: '@', ast.LShift: '<<', ast.RShift: '>>', ast.BitOr: '|', ast.BitXor: '^', ast.BitAnd: '&',
}


def _call(name, *args):
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(args), keywords=[])


class _Rewrite(ast.NodeTransformer):
    def visit_Compare(self, node):
        self.generic_visit(node)
        ops = [_COMPARISONS[type(op)] for op in node.ops]
        if len(ops) == 1:
            if ops[0] in ('is', 'is not'):
                return node  # identity: nothing of the sample's is asked
            return ast.copy_location(_call(COMPARE, node.left, ast.Constant(ops[0]), node.comparators[0]), node)
        operands = ast.Tuple(elts=[node.left, *node.comparators], ctx=ast.Load())
        return ast.copy_location(_call(CHAIN, operands, ast.Tuple(elts=[ast.Constant(op) for op in ops], ctx=ast.Load())), node)

    def visit_BinOp(self, node):
        self.generic_visit(node)
        return ast.copy_location(_call(ARITH, node.left, ast.Constant(_OPERATORS[type(node.op)]), node.right), node)

    def visit_ExceptHandler(self, node):
        # A test that expects an exception (try: f([]) / except ValueError: return) has checked something when
        # its handler runs.
        self.generic_visit(node)
        node.body.insert(0, ast.copy_location(ast.Expr(_call(TRUTH, ast.Constant(True))), node))
        return node

    def visit_Assert(self, node):
        self.generic_visit(node)
        node.test = ast.copy_location(_call(TRUTH, node.test), node.test)
        return node


def rewritten(tree):
    return ast.fix_missing_locations(_Rewrite().visit(tree))


def case_names(tree):
    """The cases of the tests' tree: test functions (`test*`) and the test methods of test classes (`Test*`)
    defined at its top level, in source order, as (name, class name or None, function name)."""
    cases = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith('test'):
            cases.append((node.name, None, node.name))
        elif isinstance(node, ast.ClassDef) and node.name.startswith('Test'):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith('test'):
                    cases.append((f'{node.name}.{item.name}', node.name, item.name))
    return cases


def compiled(solution, tests, names):
    """Both sources compiled as the harness runs them: (solution code, the tests' rewritten code, their cases).
    `names`: the solution's and the tests' file names. Raises what the compiler raises (SyntaxError, and
    RecursionError or MemoryError for a sample nested too deeply)."""
    tree = ast.parse(tests, filename=names[1])
    cases = case_names(tree)
    return compile(solution, names[0], 'exec', dont_inherit=True), compile(rewritten(tree), names[1], 'exec', dont_inherit=True), cases


def test_codes(module_code):
    """The code objects the tests' source compiled to, by qualified name (`test_a`, `TestX.test_b`), and the ids
    of all of them (a check counts only when the tests' own code makes it)."""
    named = {}
    every = set()
    stack = [(module_code, '')]
    while stack:
        code, prefix = stack.pop()
        every.add(id(code))
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                name = f'{prefix}{const.co_name}'
                named.setdefault(name, const)
                stack.append((const, f'{name}.'))
    return named, every
