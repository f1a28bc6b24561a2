/**
 * Finding why an expression has a sign, for a rule's side conditions: a number, a
 * hypothesis (an assumption or a declared domain), or a fact of rules/facts.rules whose own
 * conditions are found in turn. Untrusted: every certificate goes to the kernel, which
 * re-checks it before the step counts.
 *
 * Owns: the search over facts (by head, depth-bounded, memoised per step). Must not:
 * decide a sign itself — a certificate the kernel rejects is no certificate.
 */
import type { Expr } from '../expr/model.js';
import {
  type Bindings, type Context, type Rule, type SignCert, type SignOp, failedCondition, key, signShown, signSubject,
} from '../kernel/index.js';
import { headOf } from './heads.js';
import { matchRoot } from './match.js';

/** Facts nest at most this deep: a product of a dozen factors is a chain of a dozen facts. */
const MAX_DEPTH = 16;
/** Questions worked out per step at most (what the default step budget grants: see search/index.ts).
 *  A product of many factors can be split into factors every way and each part asked about in turn:
 *  one fuzzed step asked 10,428 questions (14 s), while no step of derivations/ or of the practice
 *  corpus asks more than 344. Past the budget nothing more is found, on any machine alike. */
export const MAX_QUESTIONS = 1000;

export class SignProver {
  private readonly memo = new Map<string, SignCert | null>();
  private readonly byHead = new Map<string, Rule[]>();
  private questions = 0;

  /** `maxQuestions`: the step's share of sign questions, a counted budget like the search's nodes. */
  constructor(readonly ctx: Context, private readonly maxQuestions = MAX_QUESTIONS) {
    for (const rule of ctx.book.values()) {
      if (!rule.fact) continue;
      const h = headOf(rule.lhs, rule.vars);
      this.byHead.set(h, [...(this.byHead.get(h) ?? []), rule]);
    }
  }

  /** Certificates for a rule's sign conditions under a binding, in order; null when one is not found. */
  certify(rule: Rule, b: Bindings): SignCert[] | null {
    const out: SignCert[] = [];
    for (const c of rule.conditions) {
      if (c.kind !== 'sign') continue;
      const cert = this.prove(signSubject(c, rule, b, this.ctx.scalar), c.op);
      if (!cert) return null;
      out.push(cert);
    }
    return out;
  }

  /** A certificate of `e op 0`, or null. */
  prove(e: Expr, op: SignOp, depth = 0): SignCert | null {
    const k = `${op} ${key(e)}`;
    if (this.memo.has(k)) return this.memo.get(k)!;
    this.memo.set(k, null);   // a cycle through the same question fails
    const found = this.find(e, op, depth);
    this.memo.set(k, found);
    return found;
  }

  private find(e: Expr, op: SignOp, depth: number): SignCert | null {
    if (++this.questions > this.maxQuestions) return null;
    const leaves: SignCert[] = [{ by: 'number' }, { by: 'domain' }];
    this.ctx.facts.assumptions.forEach((_, index) => leaves.push({ by: 'assumption', index }));
    for (const leaf of leaves) if (signShown(e, op, leaf, this.ctx)) return leaf;
    if (depth >= MAX_DEPTH) return null;
    for (const fact of [...(this.byHead.get(headOf(e)) ?? []), ...(this.byHead.get('*') ?? [])]) {
      for (const m of matchRoot(fact.lhs, e, fact.vars, false)) {
        const premises = this.premises(fact, m.binding, depth);
        if (!premises) continue;
        const cert: SignCert = { by: 'fact', rule: fact.name, binding: m.binding, premises };
        if (signShown(e, op, cert, this.ctx)) return cert;
      }
    }
    return null;
  }

  private premises(fact: Rule, b: Bindings, depth: number): SignCert[] | null {
    const out: SignCert[] = [];
    for (const c of fact.conditions) {
      if (c.kind !== 'sign') continue;
      const cert = this.prove(signSubject(c, fact, b, this.ctx.scalar), c.op, depth + 1);
      if (!cert) return null;
      out.push(cert);
    }
    return failedCondition(fact, b, out, this.ctx) === null ? out : null;
  }
}
