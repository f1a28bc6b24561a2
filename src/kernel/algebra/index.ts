/**
 * The kernel's exact algebra: what replay calls to decide a scalar identity, a derivative or a
 * quadratic optimum without trusting an outside library.
 *
 * Owns: the public surface only. Must not: import anything outside src/kernel and src/expr.
 * Every entry point runs under a counted Budget and says why when it does not decide.
 */
export { type Budget, DEFAULT_BUDGET, SharedWork, type Undecided } from './budget.js';
export { type Rat, fromNumber } from './rational.js';
export { type Equality, equalRational } from './rational-function.js';
export { type Derivative, differentiate } from './differentiate.js';
export { type Optimum, quadraticOptimum } from './optimum.js';
