/**
 * The linear-Gaussian model back-end: steps checked inside the model a problem context defines
 * (standard normal noises, a generative equation x_t = f(x_{t-1}, ε_t), the densities q of that
 * process and p of a reverse model given by its transitions).
 *
 * This folder owns: reading the model from a context's statements (spec.ts), drawing instances
 * of it (world.ts), Gaussian formulas (joint.ts, linalg.ts), the meaning of expressions in an
 * instance (evaluate.ts) and verdicts inside the model (check.ts). It must not: parse LaTeX,
 * prove, or be asked about a step that does not speak of the model (checkInModel says so by
 * returning null, and the general numeric back-end decides).
 */
export { readSpec, type ModelSpec, type Statements } from './spec.js';
export { checkInModel, DEFAULT_MODEL_CHECK, modelWorkFor, type ModelCheckOptions, type ModelResult } from './check.js';
