/**
 * Shared fixtures of the CLI, batch, JUnit and vitest-integration tests: hand-built
 * reports, a memory IO, and a tiny stand-in checker for the CLI layer's tests.
 *
 * The stand-in decides arithmetic steps (`2 + 3 = 5`) by evaluating them, so its
 * verdicts come from the file's content, not from the file's name; it reports a NUL
 * byte as a binary file, an unbalanced `{` as an error at its line and column,
 * `CRASH` by throwing, and `HANG` by never finishing.
 */
import { readFile } from 'node:fs/promises';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import type { CheckOptions } from '../src/check/options.js';
import type { FileReport, StepReport } from '../src/check/report.js';
import type { CliIO } from '../src/cli/io.js';

export function step(overrides: Partial<StepReport> = {}): StepReport {
  return {
    line: 3, column: 5, relation: '=', from: 'a+b', to: 'b+a', verdict: 'confirmed', rules: [],
    samples: 200, maxError: 0, counterexample: null, message: '', proof: [], justification: null, citations: [], expected: null, hypotheses: [],
    ...overrides,
  };
}

export function fileReport(path: string, steps: StepReport[], name = 'main'): FileReport {
  return { path, error: null, derivations: [{ name, line: 1, steps }], problems: [] };
}

export interface MemoryIO extends CliIO {
  readonly out: () => string;
  readonly err: () => string;
}

export function memoryIO(opts: { tty?: boolean; env?: Record<string, string>; signal?: AbortSignal; cwd?: string } = {}): MemoryIO {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t) => { out += t; }, isTTY: opts.tty ?? false, columns: 100 },
    stderr: { write: (t) => { err += t; }, isTTY: opts.tty ?? false, columns: 100 },
    env: opts.env ?? {},
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    out: () => out,
    err: () => err,
  };
}

/** Write `files` (relative path → content) under a fresh temp folder; returns the folder. */
export function tempTree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'deriva-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

/** Sum of integers with + and -, or null when the text is not that. */
function evalSum(text: string): number | null {
  const t = text.replace(/\s+/g, '');
  if (!/^-?\d+([+-]\d+)*$/.test(t)) return null;
  return (t.match(/[+-]?\d+/g) ?? []).reduce((acc, n) => acc + Number(n), 0);
}

/** The stand-in checker (see the header). Records the options it was called with. */
export function arithmeticChecker(seen: CheckOptions[] = []) {
  return async (path: string, options: CheckOptions): Promise<FileReport> => {
    seen.push(options);
    const buf = await readFile(path);
    if (buf.includes(0)) return { path, error: { message: 'binary file (contains NUL bytes)', line: 1, column: 1 }, derivations: [], problems: [] };
    const steps: StepReport[] = [];
    const lines = buf.toString('utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.includes('CRASH')) throw new Error('stand-in checker crashed on purpose');
      if (line.includes('HANG')) await new Promise(() => {});
      const brace = line.indexOf('{');
      if (brace >= 0 && !line.includes('}')) {
        return { path, error: { message: "unbalanced '{': no matching '}'", line: i + 1, column: brace + 1 }, derivations: [], problems: [] };
      }
      const eq = line.indexOf('=');
      if (eq < 0) continue;
      const [from, to] = [line.slice(0, eq).trim(), line.slice(eq + 1).trim()];
      const [lhs, rhs] = [evalSum(from), evalSum(to)];
      const base = step({ line: i + 1, column: eq + 1, from, to });
      if (lhs === null || rhs === null) steps.push({ ...base, verdict: 'unverified', samples: 0, maxError: null, message: 'not an integer sum' });
      else if (lhs === rhs) steps.push({ ...base, verdict: 'proved', rules: ['arithmetic'], samples: 0, proof: [{ rule: 'arithmetic', result: String(rhs) }] });
      else steps.push({ ...base, verdict: 'refuted', samples: 1, counterexample: { assignment: {}, lhs, rhs, seed: options.seed }, message: 'the two sides differ' });
    }
    return { path, error: null, derivations: steps.length > 0 ? [{ name: 'sums', line: 1, steps }] : [], problems: [] };
  };
}
