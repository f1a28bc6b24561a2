/**
 * `\max(a, b)` and `\min(a, b)` of scalars (a ReLU, a clipped ratio) were an error ("a tuple is
 * not a value here"). They read exactly as ½(a + b ± |a − b|), so the kernel, the sampler and the
 * exact re-check decide them with what they already trust; the binder `\max_j a_j` is unchanged,
 * and of vectors nothing is guessed.
 */
import { describe, expect, it } from 'vitest';
import { checkSource, DEFAULT_CHECK_OPTIONS } from '../src/check/index.js';
import { add, bind, fn, key, mul, num, sym, type Expr } from '../src/expr/model.js';

const abs = (e: Expr): Expr => fn('abs', e);
import { parseLatex } from '../src/notation/parse.js';
import { InputError } from '../src/diagnostic.js';

const [a, b, c] = [sym('a'), sym('b'), sym('c')];
const half = (e: Expr): Expr => mul(num(0.5), e);
const maxOf = (x: Expr, y: Expr): Expr => half(add(x, y, mul(num(1), abs(add(x, mul(num(-1), y))))));

const verdicts = async (lines: readonly string[]): Promise<string[]> =>
  (await checkSource('extremum.tex', `\\begin{align*}\n${lines.join(' \\\\\n')}\n\\end{align*}\n`, { ...DEFAULT_CHECK_OPTIONS, samples: 60 }))
    .derivations.flatMap((d) => d.steps.map((s) => s.verdict));

describe('max and min of a list', () => {
  it('reads \\max(a, b) as ½(a + b + |a − b|), \\min with the sign turned, and three arguments from the left', () => {
    expect(key(parseLatex('\\max(a, b)'))).toBe(key(maxOf(a, b)));
    expect(key(parseLatex('\\max\\left(a, b\\right)'))).toBe(key(maxOf(a, b)));
    expect(key(parseLatex('\\min(a, b)'))).toBe(key(half(add(a, b, mul(num(-1), abs(add(a, mul(num(-1), b))))))));
    expect(key(parseLatex('\\max(a, b, c)'))).toBe(key(maxOf(maxOf(a, b), c)));
  });

  it('leaves \\max_j a_j and \\max (a) the binders they were', () => {
    expect(parseLatex('\\max_j a_j').kind).toBe('bind');
    expect(key(parseLatex('\\max (a)'))).toBe(key(bind('max', [], { kind: 'natural' }, a)));
  });

  it('refuses a max of vectors, which could be elementwise or by a norm', () => {
    expect(() => parseLatex('\\max(\\mathbf{x}, \\mathbf{y})')).toThrow(InputError);
    expect(() => parseLatex('\\max(\\mathbf{x}, \\mathbf{y})')).toThrow(/\\max of vectors or matrices is not read/);
  });

  it('proves, confirms and refutes steps about them', async () => {
    expect(await verdicts(['\\min(a,b) + \\max(a,b) &= a + b', '\\max(0, z) - \\max(0, -z) &= z', '\\max(a, b, c) &\\ge a']))
      .toEqual(['proved', 'confirmed', 'confirmed']);
    expect(await verdicts(['\\max(a, b) &= a', '\\max(0, z) &= |z|', '\\min(1, r) &\\ge r'])).toEqual(['refuted', 'refuted', 'refuted']);
  });
});
