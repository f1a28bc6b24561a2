/**
 * The trigonometric and hyperbolic functions LaTeX names (`\sin`, `\cos`, `\tan`, `\cot`, `\sec`, `\csc`,
 * `\sinh`, `\cosh`, `\tanh`, `\coth`) as values in any arithmetic, from its sine and exponential.
 *
 * Owns: which of them are evaluated, and how. Must not: decide when a name means its standard function
 * (a file's own definition of it comes first; evaluate.ts asks here only after that).
 */
import type { Arith } from './arith.js';

/** The functions evaluated here, by the name the parser gives them. */
export const ELEMENTARY_FUNCTIONS: ReadonlySet<string> = new Set(
  ['sin', 'cos', 'tan', 'cot', 'sec', 'csc', 'sinh', 'cosh', 'tanh', 'coth'].map((n) => `\\${n}`),
);

/** `name`(x) in arithmetic A (a quotient by 0 is A's own NaN or division error). */
export function elementaryValue<T>(A: Arith<T>, name: string, x: T): T {
  const sin = (): T => A.sin(x);
  const cos = (): T => A.sin(A.add(x, A.div(A.pi(), A.of(2))));
  const sinh = (): T => A.div(A.sub(A.exp(x), A.exp(A.neg(x))), A.of(2));
  const cosh = (): T => A.div(A.add(A.exp(x), A.exp(A.neg(x))), A.of(2));
  switch (name) {
    case '\\sin': return sin();
    case '\\cos': return cos();
    case '\\tan': return A.div(sin(), cos());
    case '\\cot': return A.div(cos(), sin());
    case '\\sec': return A.div(A.of(1), cos());
    case '\\csc': return A.div(A.of(1), sin());
    case '\\sinh': return sinh();
    case '\\cosh': return cosh();
    case '\\tanh': return A.div(sinh(), cosh());
    case '\\coth': return A.div(cosh(), sinh());
    default: throw new Error(`${name} is not an elementary function`);
  }
}
