#!/usr/bin/env python3
"""
Establish every truth label of identities.json independently of deriva, and
check that the mathjs and nerdamer translations say what the SymPy one says.

For each identity, on its SymPy translation:
  - an equality whose difference SymPy simplifies to 0 is true ("symbolic");
  - otherwise both sides are evaluated at random instances that respect the
    declared domains (50 significant digits; sums and products expanded once
    their bounds are drawn; integrals by quadrature): agreement everywhere is
    "true (numeric)", one clear disagreement is "false (counterexample)";
  - an inequality is false at a clear violation and "true (numeric)" when it
    holds at every instance.
The mathjs and nerdamer sides are evaluated at the same instances and must
equal the SymPy sides. A true step about distributions must also hold on
unnormalised values unless its translation normalises them itself, so that
every peer is handed a statement exactly as true as the step. Exit status 1 on any label the evidence contradicts,
any undecidable case, or any translation that disagrees.

Usage: python3 bench/identities/verify.py [--points N] [--only ID_PREFIX]
"""
import argparse
import sys
import time

import sympy
from sympy import Integral, Product, Sum

sys.dont_write_bytecode = True   # no __pycache__ beside the corpus
from corpus import evaluate, load, parse, sample_point, seeded_rng, undeclared_symbols

SAME = sympy.Rational(1, 10**25)          # relative difference below which two values are equal
SAME_QUADRATURE = sympy.Rational(1, 10**10)
APART = sympy.Rational(1, 10**6)          # relative difference above which they clearly differ
RELATIONS = {'=', '<=', '>=', '<', '>'}


def relative_gap(a, b):
    return abs(a - b) / max(1, abs(a), abs(b))


def check_shape(entry):
    """Problems with the entry's fields, as messages."""
    problems = []
    for field in ('id', 'topic', 'latex', 'relation', 'truth', 'vars', 'sympy'):
        if entry.get(field) is None:
            problems.append(f'missing {field}')
    if entry.get('relation') not in RELATIONS:
        problems.append(f"relation {entry.get('relation')!r}")
    if (entry.get('truth') is False) != bool(entry.get('mistake')):
        problems.append('a false identity names its mistake, a true one does not')
    for peer in ('mathjs', 'nerdamer', 'sympy'):
        pair = entry.get(peer)
        if pair is not None and (len(pair) != 2 or not all(isinstance(s, str) for s in pair)):
            problems.append(f'{peer} is not a pair of strings')
    return problems


def symbolic_zero(lhs, rhs):
    """True when SymPy simplifies lhs - rhs to 0 (integrals are left to quadrature)."""
    if lhs.has(Integral) or rhs.has(Integral):
        return False
    diff = lhs - rhs
    if diff.has(Sum, Product):
        diff = sympy.simplify(diff.doit())
    return sympy.simplify(diff) == 0


def holds(relation, lhs, rhs, tol):
    """Whether the relation holds at one instance (within tol), and whether it clearly fails."""
    gap = relative_gap(lhs, rhs)
    if relation == '=':
        return gap <= tol, gap > APART
    scale = max(1, abs(lhs), abs(rhs))
    slack = {'<=': rhs - lhs, '<': rhs - lhs, '>=': lhs - rhs, '>': lhs - rhs}[relation] / scale
    return slack >= -tol, slack < -APART


def verify(entry, points):
    """(established truth or None, method, translation problems)."""
    problems = check_shape(entry)
    if problems:
        return None, '; '.join(problems), problems
    sides = {peer: [parse(s, entry, peer) for s in entry[peer]] for peer in ('sympy', 'mathjs', 'nerdamer') if entry.get(peer)}
    for peer, (lhs, rhs) in sides.items():
        unknown = undeclared_symbols(lhs, entry) + undeclared_symbols(rhs, entry)
        if unknown:
            problems.append(f'{peer} uses undeclared {unknown}')
    if problems:
        return None, '; '.join(problems), problems
    lhs, rhs = sides['sympy']
    quadrature = lhs.has(Integral) or rhs.has(Integral)
    tol = SAME_QUADRATURE if quadrature else SAME
    n = max(6, points // 6) if quadrature else points
    rng = seeded_rng(entry['id'])
    counterexample, unsure = None, 0
    for _ in range(n):
        point = sample_point(entry, rng)
        values = {peer: [evaluate(s, point) for s in pair] for peer, pair in sides.items()}
        for peer, (l, r) in values.items():
            if not (l.is_real and r.is_real):
                problems.append(f'{peer} is not real at {describe(point)}: {l}, {r}')
            elif peer != 'sympy':
                ref_l, ref_r = values['sympy']
                if relative_gap(l, ref_l) > tol or relative_gap(r, ref_r) > tol:
                    problems.append(f'{peer} translation differs from sympy at {describe(point)}')
        if problems:
            return None, problems[0], problems
        l, r = values['sympy']
        ok, clearly_fails = holds(entry['relation'], l, r, tol)
        if clearly_fails and counterexample is None:
            counterexample = (describe(point), l, r)
        elif not ok and not clearly_fails:
            unsure += 1
    if counterexample is None and unsure == 0 and any(d.startswith('dist') for d in entry['vars'].values()):
        # A true step about distributions whose translation does not say "normalised" must hold without
        # it: otherwise the peers would be handed a false statement.
        for _ in range(max(6, n // 4)):
            point = sample_point(entry, rng, normalise=False)
            l, r = (evaluate(s, point) for s in sides['sympy'])
            if not holds(entry['relation'], l, r, tol)[0]:
                problems.append('true only for normalised distributions: the translation must normalise (p_i / sum_k p_k)')
                return None, problems[0], problems
    if counterexample:
        where, l, r = counterexample
        return False, f'counterexample {where}: {sympy.N(l, 8)} vs {sympy.N(r, 8)}', problems
    if unsure:
        return None, f'{unsure} instance(s) neither equal nor clearly apart', problems
    if entry['relation'] == '=' and symbolic_zero(lhs, rhs):
        return True, f'symbolic (simplify gives 0), and {n} random instances agree', problems
    return True, f'numeric: holds at {n} random instances' + (' (quadrature)' if quadrature else ''), problems


def describe(point):
    scalars, families = point
    shown = {str(k): str(v) for k, v in scalars.items()}
    if families:
        shown['families'] = f'{len(families)} values'
    return shown


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--points', type=int, default=60, help='random instances per identity (default 60)')
    ap.add_argument('--only', default='', help='check only identities whose id starts with this')
    args = ap.parse_args()
    entries = [e for e in load() if e['id'].startswith(args.only)]
    ids = [e['id'] for e in load()]
    failures = [f'duplicate id {i}' for i in sorted({i for i in ids if ids.count(i) > 1})]
    established = {True: 0, False: 0}
    for entry in entries:
        started = time.perf_counter()
        truth, method, problems = verify(entry, args.points)
        seconds = time.perf_counter() - started
        label = entry.get('truth')
        agrees = truth is not None and truth == label and not problems
        mark = 'ok ' if agrees else 'BAD'
        print(f"{mark} {entry['id']:<52} label {str(label):<5} {seconds:6.1f} s  {method}")
        if agrees:
            established[truth] += 1
        else:
            failures.append(f"{entry['id']}: label {label}, evidence: {method}")
    total = len(entries)
    print(f'\n{total} identities: {established[True]} true and {established[False]} false established, '
          f'{len(failures)} problem(s)')
    for f in failures:
        print(f'  {f}')
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
