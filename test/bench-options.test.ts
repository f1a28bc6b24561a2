/**
 * The bench scripts read their options strictly: `--help` explains and exits at once, and a
 * mistyped option or number is an error. `node bench/fuzz.mjs --help` used to start a run of
 * 100,000 cases (twenty minutes) with the defaults.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, [`bench/${script}`, ...args], { encoding: 'utf8', timeout: 30_000 });

describe('bench options', () => {
  it.each(['fuzz.mjs', 'batch.mjs', 'peers.mjs'])('%s --help prints its usage and exits 0 without running', (script) => {
    const r = run(script, '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage/);
    expect(r.stderr).not.toMatch(/fuzz: \d|running deriva|batch: \d/);
  });

  it('an unknown option or a number that is not one is an error, with the usage', () => {
    const unknown = run('batch.mjs', '--file', '10');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--file'[\s\S]*Usage/);
    const notNumber = run('fuzz.mjs', '--cases', 'many');
    expect(notNumber.status).toBe(2);
    expect(notNumber.stderr).toMatch(/--cases takes a number, found "many"/);
  });
});
