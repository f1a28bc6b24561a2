/**
 * What random-variable notation draws when no law is written. `\mathbb E[X^2]`, `\mathrm{Var}(aX)`
 * and `\mathrm{Cov}(X, Y)` are over the document's implicit law (expr/symbols.ts) of the random
 * variables they mention: capitals that no table entry gives another kind (X, Y, not T, a count,
 * nor I, the identity) and names the table calls variables — each written plain wherever it occurs.
 * Several are drawn jointly: `\mathbb E[XY]` is over the law of (X, Y).
 *
 * Owns: that convention, shared by the reader (which builds the expectation), the printer (which
 * leaves a law so drawn unwritten, so that it reads back the same) and the families that read an
 * operator over it. Must not: parse or evaluate.
 */
import {
  bind, children, distDomain, domainExprs, key, prob, sym, type Bind, type Expr, type Sym,
} from '../../expr/model.js';
import { PROBABILITY_LAW, type SymbolKind } from '../../expr/symbols.js';

export type KindOf = (name: string) => SymbolKind | undefined;

/** `X`, `Y` — a capital letter no table entry gives another kind — or a name the table calls a variable. */
export const isRandomVariableName = (name: string, kind: SymbolKind | undefined): boolean =>
  kind === 'variable' || (kind === undefined && /^[A-Z]$/.test(name));

/**
 * The names a formula uses as values, free (not bound inside it): not the heads of laws and
 * functions, not what only appears in indices. Each with whether every occurrence is plain (no
 * index, no superscript).
 */
export function valueSymbols(e: Expr): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const walk = (x: Expr, bound: ReadonlySet<string>): void => {
    switch (x.kind) {
      case 'sym':
        if (!bound.has(x.name)) out.set(x.name, (out.get(x.name) ?? true) && x.index.length + x.upper.length === 0);
        return;
      case 'prob': [...x.args, ...x.given].forEach((a) => walk(a, bound)); return;
      case 'call': x.args.forEach((a) => walk(a, bound)); return;
      case 'bind': {
        const inner = new Set([...bound, ...x.vars]);
        // the variables a law draws are the binder's: the X of `\mathbb E_{X \sim p(X \mid Z)}` is bound
        domainExprs(x.domain).forEach((d) => walk(d, x.domain.kind === 'dist' ? inner : bound));
        walk(x.body, inner);
        return;
      }
      default: children(x).forEach((c) => walk(c, bound));
    }
  };
  walk(e, new Set());
  return out;
}

/** The random variables `bodies` draw together, sorted (one law whatever the order they are written in), none conditioned on. */
export function drawnRandomVariables(bodies: readonly Expr[], given: readonly Expr[], kindOf: KindOf): string[] {
  const conditioned = new Set(given.flatMap((g) => [...valueSymbols(g).keys()]));
  const uses = new Map<string, boolean>();
  for (const b of bodies) for (const [name, plain] of valueSymbols(b)) uses.set(name, (uses.get(name) ?? true) && plain);
  return [...uses].filter(([name, plain]) => plain && !conditioned.has(name) && isRandomVariableName(name, kindOf(name)))
    .map(([name]) => name).sort();
}

/**
 * One expectation per body over `law` of the random variables the bodies draw, given `given`:
 * `\mathbb E_{X \sim P}[…]` for one variable, `\mathbb E_{X, Y \sim P(X, Y)}[…]` for several or under a
 * condition. Undefined when they draw none.
 */
export function overLaw(bodies: readonly Expr[], given: readonly Expr[], law: Sym, kindOf: KindOf): Bind[] | undefined {
  const vars = drawnRandomVariables(bodies, given, kindOf);
  if (vars.length === 0) return undefined;
  const dist = vars.length === 1 && given.length === 0 ? law : prob(law, vars.map((v) => sym(v)), given);
  return bodies.map((b) => bind('E', vars, distDomain(dist, vars), b));
}

/**
 * Are these expectations what the convention makes of their bodies under `\Pr`, the law no
 * derivation names (and the default implicit one)? Then they print without the law and read back
 * the same. The conditions, if any, are those of the law written.
 */
export function drawnByConvention(es: readonly Expr[], kindOf: KindOf): es is readonly Bind[] {
  const binders = es.filter((e): e is Bind => e.kind === 'bind' && e.op === 'E' && e.domain.kind === 'dist');
  if (binders.length !== es.length || binders.length === 0) return false;
  const law = (binders[0]!.domain as { dist: Expr }).dist;
  const given = law.kind === 'prob' ? law.given : [];
  const expected = overLaw(binders.map((b) => b.body), given, sym(PROBABILITY_LAW), kindOf);
  return expected !== undefined && expected.every((x, i) => key(x) === key(binders[i]!));
}
