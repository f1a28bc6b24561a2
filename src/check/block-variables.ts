/**
 * How the sampler reads a sequence's blocks and a symbol's labels.
 *
 * Blocks of a sequence as random variables: `x_{1:T}` is the tuple (x_1, …, x_T), one random
 * variable of its own, and `x_{0:T}` is the pair (x_0, x_{1:T}) when the step also speaks of
 * x_0 and x_{1:T}. Writers of variational bounds use these blocks throughout
 * (`\log p(x_0) = \mathbb E_{q(x_{1:T} | x_0)}[\log p(x_{0:T}) / q(x_{1:T} | x_0)] + …`); read
 * this way, the step is an identity between laws of (x_0, x_{1:T}), which the sampler draws
 * like any discrete joint.
 *
 * Only the sampler's reading changes: a block becomes a plain name (`x_{1:T}`), a block that
 * splits into a first element and a shorter block becomes those two arguments, and the
 * expectations over a block bind it. Nothing here proves or judges.
 */
import { bind, children, mapChildren, prob, sym, type Definition, type Expr, type Sym } from '../expr/model.js';
import { toLatex } from '../notation/print.js';

interface Block { readonly name: string; readonly from: Expr; readonly to: Expr }

/** `x_{a:b}`: a symbol whose only subscript is a range. */
function blockOf(e: Expr): Block | null {
  if (e.kind !== 'sym' || e.upper.length > 0 || e.index.length !== 1) return null;
  const index = e.index[0]!;
  return index.kind === 'set' && index.range ? { name: e.name, from: index.range.from, to: index.range.to } : null;
}

const blockName = (b: Block): string => `${b.name}_{${toLatex(b.from)}:${toLatex(b.to)}}`;
const blockId = (b: Block): string => `${b.name}|${toLatex(b.from)}|${toLatex(b.to)}`;

/** The first index after `from` as LaTeX, when it is a number (`0` → `1`). */
const successor = (from: Expr): string | null => (from.kind === 'num' && Number.isInteger(from.value) ? String(from.value + 1) : null);

function blocksIn(e: Expr, out: Map<string, Block>, depth = 0): void {
  if (depth > 400) return;
  const b = blockOf(e);
  if (b) out.set(blockId(b), b);
  for (const c of children(e)) blocksIn(c, out, depth + 1);
}

export interface BlockReading {
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly definitions: Definition[];
}

/** The step and the definitions with blocks read as random variables; unchanged when there are none. */
export function readBlocks(lhs: Expr, rhs: Expr, definitions: readonly Definition[]): BlockReading {
  const found = new Map<string, Block>();
  for (const e of [lhs, rhs, ...definitions.flatMap((d) => [d.lhs, d.rhs])]) blocksIn(e, found);
  if (found.size === 0) return { lhs, rhs, definitions: [...definitions] };
  /** x_{a:b} → [x_a, x_{a+1:b}] when x_{a+1:b} is used too; the block's own name otherwise. */
  const argumentsOf = (b: Block): Expr[] => {
    const next = successor(b.from);
    const rest = next === null ? undefined : [...found.values()].find((o) => o.name === b.name && toLatex(o.to) === toLatex(b.to) && toLatex(o.from) === next);
    return rest ? [sym(b.name, [b.from]), sym(blockName(rest))] : [sym(blockName(b))];
  };
  const rewrite = (e: Expr, depth = 0): Expr => {
    if (depth > 400) return e;
    if (e.kind === 'prob') {
      const spread = (args: readonly Expr[]) => args.flatMap((a) => { const b = blockOf(a); return b ? argumentsOf(b) : [rewrite(a, depth + 1)]; });
      return prob(e.dist, spread(e.args), spread(e.given));
    }
    if (e.kind === 'bind' && e.op === 'E' && e.domain.kind === 'dist' && e.domain.dist.kind === 'prob') {
      const law = rewrite(e.domain.dist, depth + 1);
      if (law.kind !== 'prob') return e;
      const conditioned = new Set(law.given.flatMap((g) => (g.kind === 'sym' ? [g.name] : [])));
      const drawn = law.args.flatMap((a) => (a.kind === 'sym' && a.index.length === 0 && a.upper.length === 0 && !conditioned.has(a.name) ? [a.name] : []));
      const wasBlock = e.domain.dist.args.some((a) => blockOf(a) !== null);
      if (!wasBlock) return mapChildren(e, (c) => rewrite(c, depth + 1));
      return bind('E', drawn, { kind: 'dist', dist: law, rvs: drawn }, rewrite(e.body, depth + 1));
    }
    const b = blockOf(e);
    if (b) return sym(blockName(b)) as Sym;
    return mapChildren(e, (c) => rewrite(c, depth + 1));
  };
  return {
    lhs: rewrite(lhs), rhs: rewrite(rhs),
    definitions: definitions.map((d) => ({ ...d, lhs: rewrite(d.lhs), rhs: rewrite(d.rhs) })),
  };
}

/**
 * `\sigma_q`, `\boldsymbol\mu_q`, `\Sigma_p`: a subscript that names a distribution labels the
 * symbol (the mean of q), it is no value to index a family by — read as one plain name, so that an
 * identity about σ_q holds for any value of it. It is still a particular quantity of that law: the
 * names read so are collected in `labelled`, and a random value of one that nothing defines refutes
 * nothing. The kernel reads symbols structurally and needs no such reading.
 */
export function readLabels(e: Expr, isLaw: (name: string) => boolean, labelled?: Set<string>, depth = 0): Expr {
  if (depth > 400) return e;
  if (e.kind === 'sym' && e.index.length === 1 && e.index[0]!.kind === 'sym') {
    const label = e.index[0]!;
    if (label.index.length === 0 && label.upper.length === 0 && isLaw(label.name)) {
      const name = `${e.name}_{${label.name}}`;
      labelled?.add(name);
      return sym(name, [], e.upper.map((u) => readLabels(u, isLaw, labelled, depth + 1)));
    }
  }
  return mapChildren(e, (c) => readLabels(c, isLaw, labelled, depth + 1));
}
