/**
 * The project's own derivations as tests, through the same vitest integration a
 * user's repository would use (`deriva/vitest`; here imported from source): one
 * describe per file in derivations/, one test per derivation.
 */
import { describeDerivations } from '../src/vitest/index.js';

describeDerivations('derivations/');
