#!/usr/bin/env python3
"""
The SymPy column of `npm run bench -- --peers`: SymPy's `equals` on each
identity's hand translation, timed inside this one process.

Prints one JSON object per identity on stdout:
  {"id", "answer": "true" | "false" | "undecided", "ms", "note", "stopped"}
`lhs.equals(rhs)` returning True is "true", False is SymPy's claim "not equal"
("false"), None is "undecided". Inequalities are "undecided": `equals` does not
decide them. The time covers parsing the translation and the `equals` call.
A call still running after --limit seconds is stopped and reported undecided
(a last-resort net of this harness, wall-clock and so load-dependent; the note says so).

Usage: python3 bench/identities/sympy_peer.py [--limit SECONDS] [--only ID_PREFIX]
"""
import argparse
import json
import signal
import sys
import time

import sympy
import sympy.core.random

sys.dont_write_bytecode = True   # no __pycache__ beside the corpus
from corpus import load, parse


class OverLimit(Exception):
    pass


def _raise_over_limit(signum, frame):
    raise OverLimit()


def decide(entry, limit):
    if entry.get('sympy') is None:
        return 'undecided', 0.0, 'no SymPy translation'
    if entry['relation'] != '=':
        return 'undecided', 0.0, 'inequality: equals() does not decide it'
    started = time.perf_counter()
    signal.alarm(limit)
    try:
        lhs, rhs = (parse(s, entry) for s in entry['sympy'])
        verdict = lhs.equals(rhs)
        answer = {True: 'true', False: 'false'}.get(verdict, 'undecided')
        note = '' if verdict is not None else 'equals() returned None'
    except OverLimit:
        answer, note = 'undecided', f'stopped after {limit} s (harness limit)'
    except Exception as e:  # a SymPy failure is an undecided answer, not a crash of the bench
        answer, note = 'undecided', f'{type(e).__name__}: {e}'[:200]
    finally:
        signal.alarm(0)
    return answer, (time.perf_counter() - started) * 1000, note


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--limit', type=int, default=120, help='seconds one identity may take (default 120)')
    ap.add_argument('--only', default='', help='only identities whose id starts with this')
    args = ap.parse_args()
    signal.signal(signal.SIGALRM, _raise_over_limit)
    sympy.Symbol('warm', positive=True).equals(1)   # first-call costs are not any identity's
    for entry in load():
        if not entry['id'].startswith(args.only):
            continue
        sympy.core.random.seed(entry['id'])   # equals() may draw random points: the same ones every run
        answer, ms, note = decide(entry, args.limit)
        stopped = note.startswith('stopped')
        print(json.dumps({'id': entry['id'], 'answer': answer, 'ms': ms, 'note': note, 'stopped': stopped}), flush=True)


if __name__ == '__main__':
    sys.exit(main())
