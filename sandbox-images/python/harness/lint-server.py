"""The resident linter for Python: started once per container by the runner (a service, see the runner's
service.py), under a uid of its own, with pyflakes loaded and warm; it answers one sample per line on stdin
with the lint records of that sample on one line of stdout. It never runs sample code: it parses it.

A request is `{"args": [job file name], "files": {name: text}}`: the job (solution and tests file names, error
rules) and both sources, never a path to read. The answer is `{"records": [...]}`: a `finding` per pyflakes or
flywheel finding, then `lint` with whether one of them is an error that stops the sample before its tests, then
(unless one does) `compiled`: the sample's code as the test job runs it.
"""
import base64
import json
import marshal
import os
import sys
import traceback

# No sample code ever runs in this process: the harness's own directory may be on its path.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lint  # noqa: E402
import rewrite  # noqa: E402

MESSAGE_LIMIT = 2000
FINDINGS_LIMIT = 200
# Compiled code bigger than this (base64) is left to the test job to compile itself.
COMPILED_LIMIT = 4 * 1024 * 1024

WARM_UP = {
    'solution': 'from typing import List\n\n\ndef f(xs: List[int]) -> List[int]:\n    """Doubles."""\n    return [x * 2 for x in xs]\n',
    'tests': 'import unittest\n\n\ndef test_f():\n    assert f([1, 2]) == [2, 4]\n\n\nclass TestF(unittest.TestCase):\n    def test_g(self):\n        self.assertEqual(f([]), [])\n',
}


def compiled(job, sources):
    """The sample compiled as the test job runs it (rewrite.compiled), marshalled and base64: a test job that
    gets it loads code instead of parsing, rewriting and compiling in a freshly forked process, where every
    page the compiler touches is copied. None where the compiler refuses; the test job then meets the same."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 6000))
    try:
        code = rewrite.compiled(sources['solution'], sources['tests'], (job['solution'], job['tests']))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    finally:
        sys.setrecursionlimit(limit)
    text = base64.b64encode(marshal.dumps(code)).decode('ascii')
    return text if len(text) <= COMPILED_LIMIT else None


def answer(line):
    try:
        request = json.loads(line)
        files = request['files']
        job = json.loads(files[request['args'][0]])
        sources = {'solution': files[job['solution']], 'tests': files[job['tests']]}
        findings, gated = lint.lint(job, sources)
        records = [{'ev': 'finding', **{k: (v[:MESSAGE_LIMIT] if isinstance(v, str) else v) for k, v in f.items()}} for f in findings[:FINDINGS_LIMIT]]
        records.append({'ev': 'lint', 'gated': gated, 'findings': len(findings)})
        code = None if gated else compiled(job, sources)
        if code is not None:
            records.append({'ev': 'compiled', 'code': code})
    except Exception as exc:  # noqa: BLE001 - the linter's own failure, reported as such for this sample only
        records = [{'ev': 'crash', 'message': ''.join(traceback.format_exception(exc))[-MESSAGE_LIMIT:]}]
    return json.dumps({'records': records}, ensure_ascii=True)


def main():
    lint.import_pyflakes()
    for _ in range(3):
        lint.lint({'solution': 'solution.py', 'tests': 'tests.py', 'errorRules': []}, WARM_UP)
    print(json.dumps({'ready': True}), flush=True)
    for line in sys.stdin:
        # A blank line asks nothing; answering it would put the answers one behind the requests.
        if line.strip():
            print(answer(line), flush=True)


if __name__ == '__main__':
    main()
