/**
 * A small fuzz run (bench/fuzz.mjs, fixed seed): generated and mutated inputs through
 * reading, parsing, checking and rendering, each in a worker with a timeout. Bad input
 * must never throw out of those layers, hang, or kill its worker. The full run is
 * `npm run fuzz` (100,000 inputs); steps over budget are its figure, not an assertion
 * here, since they are measured in wall time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error the fuzzer is a plain .mjs script without type declarations
import { runFuzz } from '../bench/fuzz.mjs';
// @ts-expect-error the fuzzer is a plain .mjs script without type declarations
import { fuzzCase, loadCorpus } from '../bench/fuzz-cases.mjs';
import { compiled, type Compiled } from './compiled.js';

interface Counts { inputs: number; exceptions: number; hangs: number; crashes: number; steps: number; saved: string[]; byKind: Record<string, number> }

const CASES = 2000;

describe('fuzzing', () => {
  let build: Compiled;
  beforeAll(async () => { build = await compiled(); }, 240_000);

  it('the same seed and case number always give the same input', () => {
    const corpus = loadCorpus('derivations');
    for (const index of [0, 1, 2, 977]) expect(fuzzCase(5, index, corpus)).toEqual(fuzzCase(5, index, corpus));
    expect(fuzzCase(5, 0, corpus).text).not.toBe(fuzzCase(6, 0, corpus).text);
  });

  it(`${CASES} generated and mutated inputs: no uncaught exception, no hang, no crashed worker`, async () => {
    const counts = await runFuzz({ cases: CASES, seed: 20_240_613, jobs: 2, timeoutMs: 60_000, dist: build.dist }) as Counts;
    expect(counts.inputs).toBe(CASES);
    expect(Object.keys(counts.byKind).sort()).toEqual(['byte-mutation', 'generated', 'token-mutation']);
    expect(counts.steps).toBeGreaterThan(CASES);   // the inputs reach the checker, not only the reader
    expect({ exceptions: counts.exceptions, hangs: counts.hangs, crashes: counts.crashes })
      .toEqual({ exceptions: 0, hangs: 0, crashes: 0 });
  }, 900_000);
});
