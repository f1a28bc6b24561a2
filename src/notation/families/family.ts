/**
 * A notation family — information measures, variance and covariance, … — is one module that
 * declares how its notation is read from LaTeX, how it prints back, what it means numerically,
 * and its kind and sign facts. The parser (parse.ts), the printer (print.ts) and the evaluator
 * (numeric/evaluate.ts) look a family up in the registry (registry.ts) and hand it a port: the
 * few things of theirs it may use. Adding a family is one module here, its line in the registry,
 * and a test.
 *
 * Owns: the family interface and the three ports. Must not: import the parser, the printer, the
 * numeric back-end or the kernel. A family sees them only through these ports, so the layering
 * stays expr ← notation ← numeric, and what the kernel trusts never depends on notation: a
 * family's sign facts are rules in rules/facts.rules, named here and property-tested there.
 */
import type { Domain, Expr, Fn, Sym } from '../../expr/model.js';
import type { SymbolKind } from '../../expr/symbols.js';
import type { Token } from '../tokens.js';

export interface NotationFamily {
  readonly name: string;
  /** The operators (names of `fn` nodes) it owns: it prints and evaluates them. */
  readonly operators: readonly string[];
  /** Upright words it reads (`\operatorname{Var}`, `\mathrm{Cov}`): `readWord` is asked first. */
  readonly words: readonly string[];
  /** Symbols it reads when applied to a parenthesis (`H(P)`, `D_{KL}(P \| Q)`): `readApplied` is asked. */
  readonly symbols: readonly string[];
  /** Words it reads also when written without a backslash, applied (`KL(P \| Q)`). */
  readonly bareWords: readonly string[];
  /** After one of its words (consumed): its reading, or undefined to leave the word to the parser. */
  readWord?(word: string, reader: NotationReader): Expr | undefined;
  /** One of its symbols, with its scripts, before a `(`: its reading, or undefined to leave it to the parser. */
  readApplied?(s: Sym, reader: NotationReader): Expr | undefined;
  print(e: Fn, printer: NotationPrinter): string;
  /** The value in one world, in the evaluator's arithmetic. Throws through `port.unsupported`. */
  evaluate<T>(e: Fn, port: NumericPort<T>): NumericValue<T>;
  readonly facts: FamilyFacts;
}

export interface FamilyFacts {
  /** Operators whose value is a number whatever their arguments (the kernel's scalars agree: tested). */
  readonly scalarValued: readonly string[];
  /** Operators whose arguments are laws (`P` in `D_{KL}(P \| Q)`), not values. */
  readonly lawArguments: readonly string[];
  /** The rules of rules/facts.rules that state its signs (`D_{KL} \ge 0`, `\mathrm{Var} \ge 0`): facts are data. */
  readonly signRules: readonly string[];
}

/** What one item under an expectation binds: `x \sim P`, a law alone, `x` (natural). */
export interface BinderScope { readonly vars: readonly string[]; readonly domain: Domain; readonly samples?: readonly Sym[] }

/** What a family's reader may ask of the parser: its cursor, sub-formulas, and the document's symbol table. */
export interface NotationReader {
  peek(k?: number): Token;
  next(): Token;
  peekChar(c: string, k?: number): boolean;
  eatChar(c: string): boolean;
  eatCmd(c: string): boolean;
  /** Consumes the closer `c` (a character or a command like `\|`), or fails saying what was expected. */
  expectChar(c: string, what: string, opener?: Token): void;
  fail(message: string): never;
  /** The next token as an error message names it. */
  describeNext(): string;
  /** A sum (a + b …) up to the closers around it and `stops` (`|`, `\|`). */
  readSum(stops?: readonly string[]): Expr;
  /** `(a, b, …)` → the arguments. */
  readArguments(): Expr[];
  /** After `(` or `[`: the arguments, the conditions after `|` (when `barSeparates`) or `\mid`, the parameters after `;`. */
  readConditional(what: string, barSeparates: boolean): { args: Expr[]; given: Expr[]; params: Expr[] };
  /** Does the bracket at the cursor condition (`a \mid b`, one `|`)? Then whether a bar separates. */
  conditionalHere(): { barSeparates: boolean } | undefined;
  /** Commas at the top level of the `(` at the cursor. */
  commasHere(): number;
  /** `f(…)` as an operator call: a call, a conditional inside being the conditional law. */
  readOperatorCall(f: Sym): Expr;
  /** The scopes under a `_{…}` at the cursor, read as under `\mathbb E`; none when there is no subscript. */
  readLawScripts(): BinderScope[];
  /** One expectation per body over the same scopes — written ones, or else the document's implicit law of the
   *  random variables the bodies draw, given `given` — or undefined when no law is written or implied. */
  expectationsOf(bodies: readonly Expr[], scopes: readonly BinderScope[], given: readonly Expr[]): Expr[] | undefined;
  kindOf(name: string): SymbolKind | undefined;
  /** A law written bare where the document also writes it with its parameters is the parameterised law. */
  lawNamed<E extends Expr>(e: E): E | Sym;
  /** The law random-variable notation refers to, or undefined when the document is ambiguous. */
  implicitLaw(): Sym | undefined;
}

/** What a family's printer may use of print.ts. */
export interface NotationPrinter {
  latex(e: Expr): string;
  symbol(s: Sym): string;
  /** Parentheses that grow with tall content. */
  paren(s: string): string;
  /** A list inside bars (|…|, ‖…‖, before KL's ‖): grouped when an inner bar would read as the closing one. */
  barred(es: readonly Expr[]): string;
  /** `x, y \mid z` of a probability term. */
  conditional(args: readonly Expr[], given: readonly Expr[]): string;
  /** `_{x \sim P}` under a binder. */
  scripts(vars: readonly string[], domain: Domain): string;
  /** Kinds by the default table: the one a formula printed alone is read back with. */
  kindOf(name: string): SymbolKind | undefined;
}

/** The arithmetic of the evaluator that calls a family (numeric/arith.ts). */
export interface Arithmetic<T> {
  of(n: number): T;
  pi(): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  log(a: T): T;
  isZero(a: T): boolean;
}

export interface Matrix<T> { readonly rows: number; readonly cols: number; readonly data: readonly T[] }
export type NumericValue<T> = T | Matrix<T>;

/** Linear algebra in the evaluator's arithmetic (numeric/tensor.ts). */
export interface LinearAlgebra<T> {
  asMatrix(v: NumericValue<T>): Matrix<T>;
  /** σ as σ·I_d, a matrix as itself. */
  asCovariance(v: NumericValue<T>, d: number): Matrix<T>;
  add(a: NumericValue<T>, b: NumericValue<T>): NumericValue<T>;
  mul(a: NumericValue<T>, b: NumericValue<T>): NumericValue<T>;
  transpose(v: NumericValue<T>): NumericValue<T>;
  inverse(m: Matrix<T>): Matrix<T>;
  det(m: Matrix<T>): T;
  trace(m: Matrix<T>): T;
  /** A number, or a 1×1 matrix read as one. */
  number(v: NumericValue<T>): T;
}

/** A random variable a law is applied to: its key (x, x_2), its base (x) and, if fixed, its value. */
export interface LawVariable {
  readonly key: string; readonly base: string; readonly value: number | null;
  /** A component of a vector variable named whole: the vector and its dimension. */
  readonly part?: { readonly of: string; readonly size: number };
}

/** What a family's meaning may ask of the evaluator, in one world and one environment. */
export interface NumericPort<T> {
  readonly A: Arithmetic<T>;
  readonly linalg: LinearAlgebra<T>;
  /** The value of `e`, with `bound` names (ones no formula can write) standing for values computed before. */
  value(e: Expr, bound?: ReadonlyMap<string, NumericValue<T>>): NumericValue<T>;
  /** Stops the evaluation: this back-end cannot give `e` a value (the step becomes unverified, with the reason). */
  unsupported(reason: string): never;
  /** `value`, remembering `reason` when it is not finite. */
  fail(reason: string, value: T): T;
  /** A product with 0 · ±∞ = 0 (0 log 0 = 0). */
  product(values: readonly T[]): T;
  /** The mean and covariance of a Gaussian law written or defined as one, else null. */
  gaussianLaw(e: Expr): { mean: NumericValue<T>; cov: NumericValue<T> } | null;
  /** The random variables a law's argument names (`X`, `x_i`, `X = 1` with its value; a vector
   *  variable named whole is its components). */
  variables(arg: Expr): LawVariable[];
  /** The variables a law written bare (`P` in `H(P)`) is over: those its definition names, and
   *  those the step applies it to. */
  lawVariables(law: Sym): { readonly defined: readonly string[] | undefined; readonly applied: readonly string[] | undefined };
  /** Every joint outcome of the variables without a fixed value. */
  outcomes(vars: readonly LawVariable[]): LawVariable[][];
  /** P(args | given) under a distribution symbol: its definition, or the world's joint. */
  probability(law: Sym, args: readonly LawVariable[], given: readonly LawVariable[]): T;
}
