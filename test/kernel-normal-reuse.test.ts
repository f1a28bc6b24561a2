/**
 * Normalising a + or · keeps an element that is alone in its group as the very object it was
 * given when its canonical form is the same data (rather than an equal copy), and builds the
 * canonical form whenever it differs: keeping must never keep a non-canonical element. Elements
 * are sorted by key (by hand when they are few): in key order whatever order they came in.
 */
import { describe, expect, test } from 'vitest';
import { type Expr, addAll, key, mul, mulAll, num, pow, samePlainData, sym } from '../src/expr/model.js';
import { defaultSymbols } from '../src/expr/symbols.js';
import { normalize, normalizeReplacing, scalarNames } from '../src/kernel/index.js';
import { parseLatex } from '../src/notation/parse.js';

const scalar = scalarNames(defaultSymbols());
const normal = (latex: string): Expr => normalize(parseLatex(latex), scalar);
const terms = (e: Expr): readonly Expr[] => (e.kind === 'add' ? e.terms : e.kind === 'mul' ? e.factors : [e]);

describe('normalising keeps canonical elements, rebuilds the rest', () => {
  test('a canonical sum rebuilt around one term keeps every other term and factor object', () => {
    const sum = normal('3 a b - 2 x^{-1} + c (\\log y)^2 + z');
    const replaced = terms(sum).findIndex((t) => samePlainData(t, sym('z')));
    const rebuilt = normalizeReplacing(sum, [replaced], sym('w'), scalar);
    expect(samePlainData(rebuilt, normal('3 a b - 2 x^{-1} + c (\\log y)^2 + w'))).toBe(true);
    const kept = terms(sum).filter((_, i) => i !== replaced);
    for (const t of kept) expect(terms(rebuilt).includes(t)).toBe(true);
    const product = normal('a b^{-1} c^2 (\\log y)^{-1}');
    const a = terms(product).findIndex((f) => samePlainData(f, sym('a')));
    const again = normalizeReplacing(product, [a], sym('d'), scalar);
    expect(samePlainData(again, normal('d b^{-1} c^2 (\\log y)^{-1}'))).toBe(true);
    for (const f of terms(product).filter((_, i) => i !== a)) expect(terms(again).includes(f)).toBe(true);
  });

  test('an element alone in its group that is not canonical comes back canonical', () => {
    const sum = normal('a + b');
    const writtenBackwards = { kind: 'mul', factors: [sym('a'), num(2)] } as const;   // a·2, not 2·a
    const fixedSum = normalizeReplacing(sum, [terms(sum).findIndex((t) => samePlainData(t, sym('a')))], writtenBackwards, scalar);
    expect(samePlainData(fixedSum, normal('2 a + b'))).toBe(true);
    const product = normal('x y');
    const powerOfPower = pow(pow(sym('x'), num(2)), num(3));   // (x²)³, not x⁶
    const fixedProduct = normalizeReplacing(product, [terms(product).findIndex((f) => samePlainData(f, sym('x')))], powerOfPower, scalar);
    expect(samePlainData(fixedProduct, normal('x^6 y'))).toBe(true);
    expect(samePlainData(fixedProduct, mul(powerOfPower, sym('y')))).toBe(false);
  });
});

describe('normal forms sort their elements by key', () => {
  test('sums and products of 2 to 12 elements, given in scrambled orders', () => {
    const names = ['a', 'b', 'c', 'x', 'y', 'z', 'u', 'v', 'w', 'p', 'q', 'r'];
    for (let n = 2; n <= names.length; n++) {
      const parts = names.slice(0, n).map((name, i) => (i % 3 === 0 ? pow(sym(name), num(2)) : i % 3 === 1 ? mul(num(i + 2), sym(name)) : { kind: 'fn', name: 'log', args: [sym(name)] } as const));
      const orders = [parts, [...parts].reverse(), parts.map((_, i) => parts[(i * 5) % n]!).filter((p, i, all) => all.indexOf(p) === i)];
      for (const order of orders.filter((o) => o.length === n)) {
        const sum = normalize(addAll(order), scalar);
        const keys = terms(sum).map((t) => key(t));
        expect(keys).toEqual([...keys].sort());
        expect(key(sum)).toBe(key(normalize(addAll(parts), scalar)));
        const product = normalize(mulAll(order.filter((p) => p.kind !== 'mul')), scalar);
        const factorKeys = terms(product).map((f) => key(f));
        expect(factorKeys).toEqual([...factorKeys].sort());
      }
    }
  });
});
