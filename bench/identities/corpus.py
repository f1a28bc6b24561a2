"""
The identity corpus as SymPy sees it: loading identities.json, turning each
variable's domain into SymPy symbols, parsing the hand translations, and
drawing random instances that respect the domains.

Shared by verify.py (which establishes every truth label) and sympy_peer.py
(the SymPy column of `npm run bench -- --peers`). Must not know about deriva.
"""
import json
import random
from pathlib import Path

import mpmath
import sympy
from sympy import Indexed, IndexedBase, Integral, Product, Rational, Sum, Symbol
from sympy.parsing.sympy_parser import parse_expr, rationalize, standard_transformations

CORPUS = Path(__file__).with_name('identities.json')

# Scalar domains: SymPy assumptions, and the interval a random instance is drawn from.
SCALAR_DOMAINS = {
    'real': ({'real': True}, (-3.0, 3.0)),
    'positive': ({'positive': True}, (0.1, 4.0)),
    'unit': ({'positive': True}, (0.05, 0.95)),      # (0, 1); SymPy cannot say "< 1"
    'gt1': ({'positive': True}, (1.1, 5.0)),
    'posint': ({'integer': True, 'positive': True}, (1, 7)),
    'index': ({'integer': True}, None),              # a bound variable: never sampled
}
# Indexed families: element assumptions and interval; dist/dist2 are normalised over their bounds.
FAMILY_DOMAINS = {
    'real[]': ({'real': True}, (-3.0, 3.0)),
    'positive[]': ({'positive': True}, (0.1, 4.0)),
    'unit[]': ({'positive': True}, (0.05, 0.95)),
    'real2[]': ({'real': True}, (-3.0, 3.0)),
    'dist': ({'positive': True}, (0.1, 4.0)),
    'dist2': ({'positive': True}, (0.1, 4.0)),
}
FAMILY_INDEX_RANGE = range(-1, 13)   # indices an undefined-length family is given values for


def load():
    """The corpus entries, in file order."""
    return json.loads(CORPUS.read_text())['identities']


def parse_domain(domain):
    """'dist(n)' -> ('dist', ['n']); 'real' -> ('real', [])."""
    if '(' in domain:
        kind, args = domain[:-1].split('(')
        return kind, [a.strip() for a in args.split(',')]
    return domain, []


def namespace(entry):
    """Name -> SymPy object for every variable the entry declares."""
    ns = {}
    for name, domain in entry['vars'].items():
        kind, _ = parse_domain(domain)
        if kind in SCALAR_DOMAINS:
            ns[name] = Symbol(name, **SCALAR_DOMAINS[kind][0])
        elif kind in FAMILY_DOMAINS:
            ns[name] = IndexedBase(name, **FAMILY_DOMAINS[kind][0])
        else:
            raise ValueError(f"{entry['id']}: unknown domain {domain!r} for {name}")
    return ns


def _peer_functions():
    """nerdamer's sum(f, i, a, b) and product(f, i, a, b), read as SymPy's Sum and Product."""
    return {'sum': lambda f, i, a, b: Sum(f, (i, a, b)), 'product': lambda f, i, a, b: Product(f, (i, a, b))}


def parse(text, entry, syntax='sympy'):
    """Parse one side of a translation. Decimals are read as exact rationals.
    syntax 'mathjs' / 'nerdamer': '^' is a power and nerdamer's sum/product are understood."""
    ns = namespace(entry)
    if syntax != 'sympy':
        text = text.replace('^', '**')
        ns = {**_peer_functions(), **ns}
    return parse_expr(text, local_dict=ns, transformations=standard_transformations + (rationalize,))


def undeclared_symbols(expr, entry):
    """Free names of a parsed side that the entry does not declare (a typo in a translation)."""
    declared = set(entry['vars'])
    names = {s.name for s in expr.free_symbols if isinstance(s, Symbol)}
    names |= {b.label.name for b in expr.atoms(IndexedBase)}
    return sorted(names - declared - {'pi', 'E'})


def _uniform(rng, lo, hi):
    """A random exact rational in [lo, hi] with four decimals: exact arithmetic downstream."""
    return Rational(round(rng.uniform(lo, hi) * 10000), 10000)


def sample_point(entry, rng, normalise=True):
    """One random instance: Symbol -> value and (family name, index tuple) -> value.
    normalise=False leaves dist/dist2 families unnormalised (positive values only)."""
    ns = namespace(entry)
    scalars, families = {}, {}
    for name, domain in entry['vars'].items():
        kind, _ = parse_domain(domain)
        if kind == 'index':
            continue
        if kind == 'posint':
            scalars[ns[name]] = sympy.Integer(rng.randint(*SCALAR_DOMAINS[kind][1]))
        elif kind in SCALAR_DOMAINS:
            scalars[ns[name]] = _uniform(rng, *SCALAR_DOMAINS[kind][1])
    bound = {s.name: int(v) for s, v in scalars.items() if v.is_Integer}
    for name, domain in entry['vars'].items():
        kind, args = parse_domain(domain)
        if kind not in FAMILY_DOMAINS:
            continue
        lo, hi = FAMILY_DOMAINS[kind][1]
        if kind == 'dist':
            keys = [(k,) for k in range(1, bound[args[0]] + 1)]
        elif kind == 'dist2':
            keys = [(a, b) for a in range(1, bound[args[0]] + 1) for b in range(1, bound[args[1]] + 1)]
        elif kind == 'real2[]':
            keys = [(a, b) for a in FAMILY_INDEX_RANGE for b in FAMILY_INDEX_RANGE]
        else:
            keys = [(k,) for k in FAMILY_INDEX_RANGE]
        values = {k: _uniform(rng, lo, hi) for k in keys}
        if kind in ('dist', 'dist2') and normalise:
            total = sum(values.values())
            values = {k: v / total for k, v in values.items()}
        for k, v in values.items():
            families[(name, k)] = v
    return scalars, families


def evaluate(expr, point, digits=50):
    """The value of a parsed side at a sampled point, as a high-precision SymPy number.
    Sums and products are expanded once their bounds are numbers; integrals are evaluated
    by numerical quadrature. Raises KeyError for an index the point gives no value."""
    scalars, families = point
    e = expr.subs(scalars)
    e = e.replace(lambda s: isinstance(s, (Sum, Product)), lambda s: s.doit())
    values = {}
    for atom in e.atoms(Indexed):
        key = (atom.base.label.name, tuple(int(i) for i in atom.indices))
        values[atom] = families[key]
    e = e.xreplace(values)
    breakpoints = sorted(float(v) for v in scalars.values()) + [0.0]
    e = e.replace(lambda s: isinstance(s, Integral), lambda s: _quadrature(s, breakpoints, digits))
    return e.evalf(digits)


def _quadrature(integral, breakpoints, digits):
    """A one-variable definite integral by mpmath's tanh-sinh quadrature, split at the instance's
    parameter values so that a narrow density centred on one of them is not stepped over."""
    (var, lo, hi), = integral.limits
    f = sympy.lambdify(var, integral.function, 'mpmath')
    ends = [mpmath.mpf(lo) if lo.is_finite else -mpmath.inf, mpmath.mpf(hi) if hi.is_finite else mpmath.inf]
    inner = sorted({mpmath.mpf(b) for b in breakpoints if ends[0] < b < ends[1]})
    with mpmath.workdps(min(digits, 30)):   # verify.py compares quadrature results at 1e-10
        return sympy.Float(mpmath.quad(f, [ends[0], *inner, ends[1]]), digits)


def seeded_rng(entry_id, seed=20240615):
    """A generator of its own per identity: adding an identity never changes another's points."""
    return random.Random(f'{seed}:{entry_id}')


__all__ = ['load', 'namespace', 'parse', 'undeclared_symbols', 'sample_point', 'evaluate', 'seeded_rng']
