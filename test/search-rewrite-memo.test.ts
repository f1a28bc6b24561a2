/**
 * The search remembers rule applications per subterm, and a fresh subterm identical node for
 * node to one met before shares what was remembered for it. Sharing must give what applying
 * the rule anew gives, and must never join subterms that differ in a name: an α-variant
 * (same key, other bound names) gets its own applications, naming its own variables.
 */
import { describe, expect, test } from 'vitest';
import { type Expr, key } from '../src/expr/model.js';
import { defaultSymbols } from '../src/expr/symbols.js';
import { parseLatex } from '../src/notation/parse.js';
import { type Directed, applyAt, compile } from '../src/search/engine.js';
import { type ProofContext, loadRules, searchContextFor } from '../src/search/index.js';

const rules = loadRules();
const ctx: ProofContext = { rules, cited: [], definitions: [], symbols: defaultSymbols(), assumptions: [], wrt: [] };
const compiled = compile(rules.rules);
const directions = [...compiled.byHead.values()].flat();

/** Every direction's applications at `e`, each as the key of its replacement, through the memo. */
const viaMemo = (search: ReturnType<typeof searchContextFor>, e: Expr, ds: readonly Directed[]): string[][] =>
  ds.map((d) => search.rewrites.at(d, e, search).map((r) => JSON.stringify(r.app.replacement)));

describe('remembered rule applications', () => {
  test('an identical fresh subterm gets the very list met before, equal to applying the rules anew', () => {
    const search = searchContextFor(ctx);
    const first = parseLatex('\\sum_{i=1}^n (a_i + \\log(x y))');
    const again = parseLatex('\\sum_{i=1}^n (a_i + \\log(x y))');
    expect(again).not.toBe(first);
    const lists = directions.map((d) => search.rewrites.at(d, first, search));
    directions.forEach((d, i) => expect(search.rewrites.at(d, again, search)).toBe(lists[i]));
    const fresh = directions.map((d) => applyAt(d, again, search).map((a) => JSON.stringify(a.replacement)));
    expect(viaMemo(search, again, directions)).toEqual(fresh);
    expect(fresh.flat().length).toBeGreaterThan(0);
  });

  test('an α-variant shares a key but not the applications: its results name its own bound variable', () => {
    const search = searchContextFor(ctx);
    const byI = parseLatex('\\sum_{i=1}^n (a_i + b_i)');
    const byJ = parseLatex('\\sum_{j=1}^n (a_j + b_j)');
    expect(key(byI)).toBe(key(byJ));
    const applying = directions.filter((d) => applyAt(d, byI, search).length > 0);
    expect(applying.length).toBeGreaterThan(0);
    viaMemo(search, byI, applying);
    const forJ = viaMemo(search, byJ, applying);
    expect(forJ).toEqual(applying.map((d) => applyAt(d, byJ, search).map((a) => JSON.stringify(a.replacement))));
    expect(forJ.flat().some((r) => r.includes('"j"'))).toBe(true);
    expect(forJ.flat().some((r) => r.includes('"i"'))).toBe(false);
  });
});
