/**
 * The notation families (src/notation/families/): one module per family, looked up by the
 * parser, the printer and the evaluator through one registry. What the registry promises is
 * held here: no two families claim a word, a symbol or an operator; each family's sign facts
 * are rules of the library, marked as facts, about its own operators (so they are property-tested
 * with every rule); and the operators a family calls scalar-valued are scalars to the kernel, which
 * cannot ask the family (it imports nothing above src/expr).
 */
import { describe, expect, it } from 'vitest';
import { children, fn, sym, type Expr } from '../src/expr/model.js';
import { defaultSymbols } from '../src/expr/symbols.js';
import { isScalar, scalarNames } from '../src/kernel/index.js';
import { FAMILIES, familyOfOperator, familyOfSymbol, familyOfWord } from '../src/notation/families/registry.js';
import { parseLatex } from '../src/notation/parse.js';
import { BUILTIN, loadRules } from '../src/search/index.js';

const claims = (names: (f: (typeof FAMILIES)[number]) => readonly string[]): string[] => FAMILIES.flatMap(names);
const repeated = (xs: readonly string[]): string[] => xs.filter((x, i) => xs.indexOf(x) !== i);
const operatorsIn = (e: Expr): string[] => [...(e.kind === 'fn' ? [e.name] : []), ...children(e).flatMap(operatorsIn)];

describe('the registry of notation families', () => {
  it('has no two families claiming one word, symbol or operator', () => {
    expect(repeated(claims((f) => f.words))).toEqual([]);
    expect(repeated(claims((f) => f.symbols))).toEqual([]);
    expect(repeated(claims((f) => f.operators))).toEqual([]);
  });

  it('finds each family by what it claims', () => {
    for (const f of FAMILIES) {
      for (const w of f.words) expect(familyOfWord(w)).toBe(f);
      for (const s of f.symbols) expect(familyOfSymbol(s)).toBe(f);
      for (const o of f.operators) expect(familyOfOperator(o)).toBe(f);
    }
  });

  it("reads each family's notation into its own operators", () => {
    const reads: readonly [string, string][] = [
      ['D_{KL}(P \\| Q)', 'KL'], ['H(P)', 'entropy'], ['H(P, Q)', 'crossEntropy'],
      ['\\operatorname{Var}(X)', 'variance'], ['\\mathrm{Cov}(X, Y)', 'covariance'],
    ];
    for (const [latex, operator] of reads) {
      const e = parseLatex(latex);
      expect(e.kind === 'fn' && e.name, latex).toBe(operator);
      expect(familyOfOperator(operator)?.operators).toContain(operator);
    }
  });
});

describe("a family's facts", () => {
  const rules = loadRules().rules.filter((r) => r.file !== BUILTIN);
  for (const f of FAMILIES) {
    it(`${f.name}: its sign facts are facts of the rule library about its operators`, () => {
      for (const name of f.facts.signRules) {
        const rule = rules.find((r) => r.name === name);
        expect(rule, name).toBeDefined();
        expect(rule!.fact, name).toBe(true);
        expect(operatorsIn(rule!.lhs).some((o) => f.operators.includes(o)), name).toBe(true);
      }
    });
    it(`${f.name}: what it calls scalar-valued the kernel treats as a scalar`, () => {
      const scalars = scalarNames(defaultSymbols());
      for (const op of f.facts.scalarValued) expect(isScalar(fn(op, sym('P'), sym('Q')), scalars), op).toBe(true);
      for (const op of f.facts.scalarValued.concat(f.facts.lawArguments)) expect(f.operators, op).toContain(op);
    });
  }
});
