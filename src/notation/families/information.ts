/**
 * Information measures: the KL divergence `D_{KL}(P \| Q)` (also `D_{\text{KL}}`, `\mathrm{KL}`, a bare
 * `KL(P || Q)`), the entropy `H(P)`, `H_P(X \mid Y)`, `H(X)`, and the cross-entropy `H(P, Q)`.
 *
 * Reading: the arguments are laws — a distribution letter (`P`, `q_\phi`), a law written out
 * (`P(X \mid Y)`), or random variables under the document's implicit law (`H(Y \mid X)`). H stays an
 * ordinary symbol where it is not an entropy: a function the document defines, or a factor `H(a+b)`.
 * Meaning: over discrete laws, sums over every joint outcome of the variables the first law is
 * over (natural log, 0 log 0 = 0; a conditional measure is averaged over its conditions); between
 * Gaussian laws, the closed forms. Facts: all three are numbers, and non-negative (rules/facts.rules).
 *
 * Owns: that notation, its printing and its meaning. Must not: reach the parser, printer or
 * evaluator other than through their ports (family.ts).
 */
import { call, fn, mul, prob, sym, type Expr, type Fn, type Prob, type Sym } from '../../expr/model.js';
import { PROBABILITY_LAW, defaultSymbols } from '../../expr/symbols.js';
import type { LawVariable, Matrix, NotationFamily, NotationPrinter, NotationReader, NumericPort, NumericValue } from './family.js';
import { isRandomVariableName } from './random-variables.js';

const KL_SYMBOLS = new Set(['D_{KL}', 'KL']);

export const information: NotationFamily = {
  name: 'information measures',
  operators: ['KL', 'entropy', 'crossEntropy'],
  words: [],
  symbols: ['D_{KL}', 'KL', 'H'],
  bareWords: ['KL'],
  readApplied(s, r) {
    if (KL_SYMBOLS.has(s.name) && s.index.length === 0) return readKL(r);
    if (s.name === 'H' && s.upper.length === 0) {
      const law = entropyLaw(s, r);
      if (law !== undefined) return readEntropyUnder(law, r);
      if (s.index.length === 0) return readEntropyOrProduct(s, r);
    }
    return undefined;
  },
  print(e, p) {
    const [a, b] = e.args;
    switch (e.name) {
      case 'KL': return `D_{\\mathrm{KL}}\\left(${a ? p.barred([a]) : ''} \\,\\|\\, ${b ? p.latex(b) : ''}\\right)`;
      case 'entropy': return a?.kind === 'prob' && e.args.length === 1 ? entropyLatex(a, p) : `H${p.paren(e.args.map(p.latex).join(', '))}`;
      default: return `H${p.paren(e.args.map(p.latex).join(', '))}`;
    }
  },
  evaluate: (e, port) => informationValue(e, port),
  facts: {
    scalarValued: ['KL', 'entropy', 'crossEntropy'],
    lawArguments: ['KL', 'entropy', 'crossEntropy'],
    signRules: ['kl-nonnegative', 'kl-conditional-nonnegative', 'entropy-nonnegative', 'cross-entropy-nonnegative'],
  },
};

// ---------------------------------------------------------------- reading

/** `D_{KL}(P \| Q)`, `KL(P||Q)`: two distribution terms. */
function readKL(r: NotationReader): Expr {
  const open = r.next();
  const a = r.readSum(['|', '\\|']);
  if (r.eatCmd('\\|')) { /* separator */ }
  else if (r.peekChar('|') && r.peekChar('|', 1)) { r.next(); r.next(); }
  else if (!r.eatChar(',')) r.fail(`expected '\\|' between the two arguments of the KL divergence, found ${r.describeNext()}`);
  const b = r.readSum();
  r.expectChar(')', 'after the KL divergence', open);
  return fn('KL', r.lawNamed(a), r.lawNamed(b));
}

const isLaw = (a: Expr, r: NotationReader): boolean => a.kind === 'sym' && r.kindOf(a.name) === 'distribution';

/**
 * `H(P)`, `H(P, Q)` when the arguments are distributions; `H(\hat P(x \mid y))` the entropy of a
 * law written out; `H(X)`, `H(X, Y)`, `H(Y \mid X)` (random variables) the entropy of their joint or
 * conditional law under the implicit law — an opaque H of it when the document names several
 * laws. Otherwise H is an ordinary symbol: applied to a tuple, or times a group.
 */
function readEntropyOrProduct(h: Sym, r: NotationReader): Expr {
  const commas = r.commasHere();
  // H defined as a function (`H(\theta) := …`) is that function, except of laws, where it can only be entropy
  if (r.kindOf('H') === 'function') {
    const applied = r.readOperatorCall(h);
    const args = applied.kind === 'call' ? applied.args : [];
    const laws = args.length > 0 && args.every((a) => isLaw(a, r));
    return laws && args.length <= 2 ? entropyOfLaws(args, r) : applied;
  }
  const conditional = r.conditionalHere();
  if (conditional) {
    const { args, given, params } = r.readConditional('the arguments of the entropy', conditional.barSeparates);
    if (params.length > 0) r.fail('a conditional entropy takes no parameters after \';\'');
    return entropyOfVariables(args, given, r);
  }
  const args = r.readArguments();
  if (args.every((a) => isLaw(a, r)) && args.length <= 2) return entropyOfLaws(args, r);
  if (args.length === 1 && args[0]!.kind === 'prob') return fn('entropy', args[0]!);
  if (args.every((a) => a.kind === 'sym' && isRandomVariableName(a.name, r.kindOf(a.name)))) return entropyOfVariables(args, [], r);
  if (commas > 0) return call(h, args);
  return mul(h, args[0]!);
}

/** `H(P)` the entropy, `H(P, Q)` the cross-entropy. */
function entropyOfLaws(laws: readonly Expr[], r: NotationReader): Expr {
  const [p, q] = laws.map((l) => r.lawNamed(l));
  return q ? fn('crossEntropy', p!, q) : fn('entropy', p!);
}

/** The law of `H_P(X \mid Y)`, `H_{\hat P}(x, y)`: H's one subscript, when it is a distribution and H no function. */
function entropyLaw(h: Sym, r: NotationReader): Sym | undefined {
  const law = h.index.length === 1 ? h.index[0] : undefined;
  if (law?.kind !== 'sym' || r.kindOf('H') === 'function') return undefined;
  return isLaw(law, r) ? r.lawNamed(law) : undefined;
}

/** `H_P(X \mid Y)`, `H_P(X, Y)`: the entropy of P's law of the arguments, given the conditions. */
function readEntropyUnder(law: Sym, r: NotationReader): Expr {
  const conditional = r.conditionalHere();
  const { args, given, params } = r.readConditional('the arguments of the entropy', conditional?.barSeparates ?? false);
  if (params.length > 0) r.fail('an entropy takes no parameters after \';\'');
  return fn('entropy', prob(law, args, given));
}

/** H of the law of `args` given `given`: the implicit law's, or an opaque H when there is none. */
function entropyOfVariables(args: Expr[], given: Expr[], r: NotationReader): Expr {
  const law = r.implicitLaw();
  return law ? fn('entropy', prob(law, args, given)) : call(sym('H'), [prob(sym(PROBABILITY_LAW), args, given)]);
}

// ---------------------------------------------------------------- printing

const DEFAULTS = defaultSymbols();

/**
 * The entropy of a law written out, as writers put it: `H(Y \mid X)` under the law no derivation
 * names (where the reader takes the arguments for random variables: a condition, or capitals the
 * default table leaves free), `H_{P}(X \mid Y)` under a default law, `H(q(x))` otherwise.
 */
function entropyLatex(law: Prob, p: NotationPrinter): string {
  const d = law.dist;
  const plain = d.index.length + d.upper.length === 0;
  const free = (x: Expr): boolean => x.kind === 'sym' && /^[A-Z]$/.test(x.name) && x.index.length + x.upper.length === 0 && !DEFAULTS.has(x.name);
  const conditional = p.paren(p.conditional(law.args, law.given));
  if (plain && d.name === PROBABILITY_LAW && (law.given.length > 0 || law.args.every(free))) return `H${conditional}`;
  if (plain && d.name !== PROBABILITY_LAW && DEFAULTS.get(d.name)?.kind === 'distribution') return `H_{${p.symbol(d)}}${conditional}`;
  return `H${p.paren(p.latex(law))}`;
}

// ---------------------------------------------------------------- meaning

/** A law argument of KL/H: `P`, `P_\theta`, `P(X)`, `P(X|Y)`, `P(X|Y=y)`. */
interface LawTerm { readonly law: Sym; readonly args: LawVariable[] | null; readonly given: LawVariable[] }

function lawTerm<T>(a: Expr, port: NumericPort<T>): LawTerm {
  if (a.kind === 'sym') return { law: a, args: null, given: [] };
  if (a.kind === 'prob') return { law: a.dist, args: a.args.flatMap((x) => port.variables(x)), given: a.given.flatMap((x) => port.variables(x)) };
  return port.unsupported('an information measure of something that is not a distribution');
}

/** D_KL, H(P), H(P,Q) over the variables the first distribution names (natural log, 0 log 0 = 0). */
function informationValue<T>(e: Fn, port: NumericPort<T>): T {
  const { A } = port;
  const name = e.name;
  const want = name === 'entropy' ? 1 : 2;
  if (e.args.length !== want) port.unsupported(`${name} with ${e.args.length} arguments`);
  const laws = e.args.map((a) => port.gaussianLaw(a));
  if (laws.every((l) => l !== null)) return gaussianInformation(name, laws as { mean: NumericValue<T>; cov: NumericValue<T> }[], port);
  if (laws.some((l) => l !== null)) port.unsupported('an information measure between a Gaussian and a discrete distribution');
  const terms = e.args.map((a) => lawTerm(a, port));
  const named = terms.find((t) => t.args !== null);
  // a bare law is over the variables its definition names (any term's), else those the step applies it to
  const over = terms.map((t) => port.lawVariables(t.law));
  const fallback = over.map((v) => v.defined).find((v) => v && v.length > 0) ?? over.map((v) => v.applied).find((v) => v && v.length > 0) ?? ['x'];
  const args = named?.args ?? fallback.flatMap((b) => port.variables({ kind: 'sym', name: b, index: [], upper: [] }));
  const given = named?.given ?? [];
  for (const t of terms) {
    if (t.args && t.args.map((v) => v.key).join() !== args.map((v) => v.key).join()) {
      port.unsupported('an information measure between distributions over different variables');
    }
  }
  const [p, q] = [terms[0]!.law, (terms[1] ?? terms[0]!).law];
  // the second law written with its own conditions (`D_{KL}(p(y \mid x) \| p(y))`) is conditioned on
  // those only, a subset of the first's; written bare, it shares the first's
  const second = terms[1]?.args ? new Set(terms[1].given.map((v) => v.key)) : null;
  if (second && [...second].some((k) => !given.some((g) => g.key === k))) port.unsupported('an information measure whose second law is conditioned on what the first is not');
  const freeGiven = given.filter((g) => g.value === null);
  const fixedGiven = given.filter((g) => g.value !== null);
  let total = A.of(0);
  for (const g of port.outcomes(freeGiven)) {
    const cond = [...g, ...fixedGiven];
    const secondCond = second ? cond.filter((c) => second.has(c.key)) : cond;
    const weight = g.length ? port.probability(p, g, fixedGiven) : A.of(1);
    let inner = A.of(0);
    for (const a of port.outcomes(args)) {
      const pa = port.probability(p, a, cond);
      if (A.isZero(pa)) continue;
      const term = name === 'KL' ? A.log(A.div(pa, port.probability(q, a, secondCond)))
        : name === 'entropy' ? A.neg(A.log(pa)) : A.neg(A.log(port.probability(q, a, secondCond)));
      inner = A.add(inner, A.mul(pa, port.fail('log of a non-positive number', term)));
    }
    total = A.add(total, port.product([weight, inner]));
  }
  return total;
}

/** KL and entropies of Gaussian laws in closed form (natural log). */
function gaussianInformation<T>(name: string, laws: readonly { mean: NumericValue<T>; cov: NumericValue<T> }[], port: NumericPort<T>): T {
  const { A, linalg: L } = port;
  const [p, q] = laws.map((l) => {
    const mean = L.asMatrix(l.mean);
    return { mean, cov: L.asCovariance(l.cov, mean.rows) };
  }) as [{ mean: Matrix<T>; cov: Matrix<T> }, { mean: Matrix<T>; cov: Matrix<T> } | undefined];
  const dim = p.mean.rows;
  const logDet = (c: Matrix<T>) => A.log(L.det(c));
  if (name === 'entropy') return A.mul(A.of(0.5), A.add(A.mul(A.of(dim), A.add(A.log(A.mul(A.of(2), A.pi())), A.of(1))), logDet(p.cov)));
  if (!q || q.mean.rows !== dim) port.unsupported('an information measure between Gaussians of different dimensions');
  const inv = L.inverse(q.cov);
  const diff = L.add(q.mean, L.mul(A.of(-1), p.mean));
  const quad = L.number(L.mul(L.mul(L.transpose(diff), inv), diff));
  const tr = L.trace(L.asMatrix(L.mul(inv, p.cov)));
  // H(P, Q) = KL(P‖Q) + H(P).
  const kl = A.mul(A.of(0.5), A.add(A.add(tr, quad), A.sub(A.sub(logDet(q.cov), logDet(p.cov)), A.of(dim))));
  if (name === 'KL') return port.fail('a Gaussian with a singular covariance', kl);
  return A.add(kl, gaussianInformation('entropy', [laws[0]!], port));
}
