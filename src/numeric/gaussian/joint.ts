/**
 * A joint Gaussian over named blocks of coordinates (x_1, …, x_T, each in R^d): its marginals,
 * its conditionals by the Gaussian formulas, densities, samples and the divergence between two
 * Gaussians in closed form.
 *
 * Owns: the Gaussian formulas. Must not: know expressions, models or verdicts; a singular
 * covariance where a density is asked for is an `Unavailable` with the reason.
 */
import {
  addVec, block, cholesky, cholSolve, cholSolveMat, dot, logDetChol, matMul, matVec, pick, subVec, transposeMat,
  type Mat, type Vec,
} from './linalg.js';

/** Something the model cannot compute; the step stays unverified with this reason. */
export class Unavailable extends Error {
  constructor(readonly reason: string) { super(reason); this.name = 'Unavailable'; }
}

export interface Gaussian { readonly mean: Vec; readonly cov: Mat }

/** Cholesky factors of covariances already factored (a law is immutable, so its factor is too). */
const FACTORS = new WeakMap<Mat, number[][] | null>();
function factorOf(cov: Mat): number[][] | null {
  if (!FACTORS.has(cov)) FACTORS.set(cov, cholesky(cov));
  return FACTORS.get(cov)!;
}

/** What conditioning on a set of blocks needs, whatever their values: the gain and the conditional covariance. */
interface Conditioner { readonly a: number[]; readonly b: number[]; readonly gain: number[][]; readonly cov: Mat }

export class JointGaussian {
  /** block name → its coordinates in mean and cov. */
  private readonly at = new Map<string, number[]>();
  private readonly conditioners = new Map<string, Conditioner>();

  constructor(readonly names: readonly string[], readonly size: number, readonly law: Gaussian) {
    names.forEach((n, k) => this.at.set(n, Array.from({ length: size }, (_, i) => k * size + i)));
  }

  has(name: string): boolean { return this.at.has(name); }

  private coords(names: readonly string[]): number[] {
    return names.flatMap((n) => {
      const c = this.at.get(n);
      if (!c) throw new Unavailable(`${n} is not a variable of this model`);
      return c;
    });
  }

  /** The law of `names` given `given` at `values` (one vector per given name). */
  conditional(names: readonly string[], given: readonly string[], values: readonly Vec[]): Gaussian {
    const c = this.conditioner(names, given);
    const { mean } = this.law;
    const shift = subVec(values.flat(), pick(mean, c.b));
    return { mean: addVec(pick(mean, c.a), matVec(c.gain, shift)), cov: c.cov };
  }

  private conditioner(names: readonly string[], given: readonly string[]): Conditioner {
    const id = `${names.join(',')}|${given.join(',')}`;
    const known = this.conditioners.get(id);
    if (known) return known;
    const a = this.coords(names);
    const b = this.coords(given);
    const { cov } = this.law;
    let made: Conditioner;
    if (b.length === 0) made = { a, b, gain: a.map(() => []), cov: block(cov, a, a) };
    else {
      const L = cholesky(block(cov, b, b));
      if (!L) throw new Unavailable(`the law of ${given.join(', ')} is degenerate, so conditioning on it is not defined`);
      const cab = block(cov, a, b);
      const gain = transposeMat(cholSolveMat(L, transposeMat(cab)));
      made = { a, b, gain, cov: block(cov, a, a).map((r, i) => r.map((v, j) => v - dot(gain[i]!, cab[j]!))) };
    }
    this.conditioners.set(id, made);
    return made;
  }
}

/** log N(x; mean, cov). */
export function logDensity(g: Gaussian, x: Vec): number {
  const L = factorOf(g.cov);
  if (!L) throw new Unavailable('a Gaussian with a singular covariance has no density');
  const r = subVec(x, g.mean);
  return -0.5 * (dot(r, cholSolve(L, r)) + logDetChol(L) + x.length * Math.log(2 * Math.PI));
}

/** D_KL(N(μ₁, Σ₁) ‖ N(μ₂, Σ₂)) = ½[log|Σ₂|/|Σ₁| − k + tr(Σ₂⁻¹Σ₁) + (μ₂−μ₁)ᵀΣ₂⁻¹(μ₂−μ₁)]. */
export function klGaussian(p: Gaussian, q: Gaussian): number {
  const [Lp, Lq] = [factorOf(p.cov), factorOf(q.cov)];
  if (!Lp || !Lq) throw new Unavailable('a divergence between Gaussians with a singular covariance is not defined');
  const k = p.mean.length;
  const trace = cholSolveMat(Lq, p.cov).reduce((s, r, i) => s + r[i]!, 0);
  const r = subVec(q.mean, p.mean);
  return 0.5 * (logDetChol(Lq) - logDetChol(Lp) - k + trace + dot(r, cholSolve(Lq, r)));
}

/** mean + L z for standard normal z (a draw, given the noise). */
export function draw(g: Gaussian, z: Vec): number[] {
  const L = factorOf(g.cov);
  if (!L) throw new Unavailable('a Gaussian with a singular covariance cannot be sampled here');
  return addVec(g.mean, matVec(L, z));
}

/** The law of A x + b for x ~ g. */
export const affineImage = (g: Gaussian, A: Mat, b: Vec): Gaussian =>
  ({ mean: addVec(matVec(A, g.mean), b), cov: matMul(matMul(A, g.cov), transposeMat(A)) });
