/**
 * Instantiating a rule side with a binding, capture-avoiding; positions in a tree.
 *
 * Owns: applying λ-bindings (a variable `f_i` bound to λi. body), renaming a rule's
 * binders apart from every name the binding mentions, the writer's names for bound
 * variables (recorded in the binding by the matcher), and subterm/replace by path.
 * Must not: match (the search proposes bindings; the kernel only instantiates and compares).
 */
import { type Expr, bind, call, children, mapChildren, prob, randomVariable, refersToBinder, sym } from '../expr/model.js';
import { capturable, freshName, substitute } from '../expr/subst.js';
import type { Bindings, Lambda, VarRole } from './types.js';

/** Binding-map key recording which target name a rule binder matched (keeps the writer's names). */
export const boundKey = (patternVar: string): string => `\u0000bound:${patternVar}`;

/** True for bookkeeping entries in a binding (not pattern variables). */
export const isBookkeeping = (name: string): boolean => name.startsWith('\u0000');

/** The target name a rule binder variable matched, if the binding recorded one. */
export function boundTargetName(b: Bindings, patternVar: string): string | undefined {
  const s = b.get(boundKey(patternVar))?.body;
  return s?.kind === 'sym' ? s.name : undefined;
}

export class InstantiationError extends Error {}

/** (λ params. body)(args), capture-avoiding. */
export function applyLambda(lam: Lambda, args: readonly Expr[]): Expr {
  if (lam.params.length !== args.length) throw new InstantiationError('wrong number of arguments');
  return substitute(lam.body, new Map(lam.params.map((q, k) => [q, args[k]!] as const)));
}

/** Names a rule's binders must avoid: everything the bound values mention (their own parameters excepted). */
function bindingNames(b: Bindings): Set<string> {
  const out = new Set<string>();
  for (const [name, lam] of b) {
    if (isBookkeeping(name)) continue;
    for (const n of capturable(lam.body)) if (!lam.params.includes(n)) out.add(n);
  }
  return out;
}

/** The rule side with its variables replaced; throws InstantiationError when a variable is unbound or ill-typed. */
export function instantiate(p: Expr, b: Bindings, vars: ReadonlyMap<string, VarRole>, scope: ReadonlyMap<string, string> = new Map()): Expr {
  return inst(p, b, vars, scope, bindingNames(b));
}

function lookup(b: Bindings, name: string): Lambda {
  const lam = b.get(name);
  if (!lam) throw new InstantiationError(`pattern variable ${name} is not bound`);
  return lam;
}

function inst(p: Expr, b: Bindings, vars: ReadonlyMap<string, VarRole>, env: ReadonlyMap<string, string>, avoid: ReadonlySet<string>): Expr {
  const go = (x: Expr): Expr => inst(x, b, vars, env, avoid);
  switch (p.kind) {
    case 'sym': {
      const renamed = env.get(p.name);
      if (renamed !== undefined && refersToBinder(p)) return sym(renamed, p.index.map(go), p.upper.map(go));
      if (vars.has(p.name) && p.upper.length === 0) {
        const lam = lookup(b, p.name);
        return p.index.length === 0 && lam.params.length === 0 ? lam.body : applyLambda(lam, p.index.map(go));
      }
      return mapChildren(p, go);
    }
    case 'call':
      return vars.has(p.fn.name) ? applyLambda(lookup(b, p.fn.name), p.args.map(go)) : call(p.fn, p.args.map(go));
    case 'prob': {
      const d = vars.has(p.dist.name) ? lookup(b, p.dist.name).body : go(p.dist);
      if (d.kind !== 'sym') throw new InstantiationError(`${p.dist.name} must be a distribution symbol`);
      const args = [...p.args, ...p.given].map(go);
      return prob(d, args.slice(0, p.args.length), args.slice(p.args.length), p.vars.map((v, k) => variableOf(v, b, args[k]!)));
    }
    case 'bind': {
      const taken = new Set(avoid);
      const inner = new Map(env);
      const names = p.vars.map((v) => {
        const preferred = b.get(boundKey(v))?.body;
        const want = preferred?.kind === 'sym' ? preferred.name : v;
        const name = taken.has(want) ? freshName(want, taken) : want;
        taken.add(name);
        inner.set(v, name);
        return name;
      });
      const dom = mapChildren({ ...p, body: { kind: 'const' } }, go);
      if (dom.kind !== 'bind') throw new InstantiationError('binder domain');
      const domain = dom.domain.kind === 'dist'
        ? { ...dom.domain, rvs: dom.domain.rvs.map((v, k) => recordedVariable(v, b) ?? randomVariable(sym(names[k] ?? v))) }
        : dom.domain;
      return bind(p.op, names, domain, inst(p.body, b, vars, inner, avoid));
    }
    default:
      return mapChildren(p, go);
  }
}

/** Binding-map key of the random variable a pattern's distribution argument names. */
export const variableKey = (patternVariable: string): string => `\u0000rv:${patternVariable}`;

/** The random variable a rule's `P(x)` names: the target's, as the matcher recorded it; for a
 *  probability only the target side has (`\mathbb E_{x\sim P}[f] = \sum_x P(x) f`), the one its
 *  instantiated argument names. */
function variableOf(v: string, b: Bindings, arg: Expr): string {
  return recordedVariable(v, b) ?? randomVariable(arg);
}

function recordedVariable(v: string, b: Bindings): string | undefined {
  const s = b.get(variableKey(v))?.body;
  return s?.kind === 'sym' ? s.name : undefined;
}

export const combine = (kind: 'add' | 'mul', elems: readonly Expr[]): Expr =>
  elems.length === 1 ? elems[0]! : kind === 'add' ? { kind: 'add', terms: elems } : { kind: 'mul', factors: elems };

export function subtermAt(e: Expr, path: readonly number[]): Expr | undefined {
  let cur: Expr | undefined = e;
  for (const i of path) cur = cur ? children(cur)[i] : undefined;
  return cur;
}

export function replaceAt(e: Expr, path: readonly number[], replacement: Expr): Expr {
  if (path.length === 0) return replacement;
  let i = 0;
  return mapChildren(e, (c) => (i++ === path[0] ? replaceAt(c, path.slice(1), replacement) : c));
}
