/**
 * deriva as a user installs it: the package is packed (from a copy of the
 * sources, built there by the `prepare` script), installed with production
 * dependencies only into an empty project — offline, from the npm cache that
 * `npm ci` filled — and then its CLI and its library API are run there.
 * Everything the package needs at run time must be a dependency, and nothing
 * outside `files` may be needed.
 *
 * Offline: `npm ci` caches tarballs, not registry metadata, so the empty project
 * gets a lockfile made from deriva's own (its production entries, with their
 * URLs and integrity hashes) and installs with `npm ci --offline`, which needs
 * tarballs only — the same pinned versions a user's install would resolve.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve('.');
const SOURCES = ['package.json', 'package-lock.json', 'README.md', 'LICENSE', 'tsconfig.json', 'src', 'rules', 'schema'];
/** Packing builds with tsc and installing unpacks KaTeX: minutes on a busy 2-core machine. */
const SETUP_TIMEOUT_MS = 600_000;

interface Run { code: number; stdout: string; stderr: string }

/** The environment without npm's own variables from an enclosing `npm test`, which would steer the inner npm. */
const cleanEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

async function sh(file: string, args: string[], cwd: string, timeout = 300_000): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, { cwd, env: { ...cleanEnv(), NO_COLOR: '1' }, timeout, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? err.message };
  }
}

const npm = (args: string[], cwd: string): Promise<Run> => sh('npm', [...args, '--no-audit', '--no-fund', '--loglevel=warn'], cwd);

interface LockEntry { readonly dev?: boolean; readonly devOptional?: boolean; readonly [key: string]: unknown }

/** A lockfile for a project that depends on the tarball alone: deriva's production entries, pinned. */
function consumerLock(tarball: string, integrity: string): unknown {
  const own = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const production = Object.entries(own.packages).filter(([key, entry]) => key.startsWith('node_modules/') && !entry.dev && !entry.devOptional);
  const spec = `file:${tarball}`;
  return {
    name: 'course', version: '1.0.0', lockfileVersion: 3, requires: true,
    packages: {
      '': { name: 'course', version: '1.0.0', dependencies: { deriva: spec } },
      'node_modules/deriva': {
        version: pkg['version'], resolved: spec, integrity, license: pkg['license'], dependencies: pkg['dependencies'],
        bin: pkg['bin'], engines: pkg['engines'], peerDependencies: pkg['peerDependencies'], peerDependenciesMeta: pkg['peerDependenciesMeta'],
      },
      ...Object.fromEntries(production),
    },
  };
}

let project = '';
let install: Run = { code: -1, stdout: '', stderr: 'not installed yet' };
let tarballFiles: string[] = [];

beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), 'deriva-pack-'));
  const stage = join(work, 'stage');
  mkdirSync(stage);
  for (const s of SOURCES) cpSync(join(ROOT, s), join(stage, s), { recursive: true });
  // The build needs the dev tools (tsc); the package itself must not.
  symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir');
  const packed = await npm(['pack', '--json', '--pack-destination', work], stage);
  if (packed.code !== 0) throw new Error(`npm pack failed: ${packed.stderr.slice(-2000)}`);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; integrity: string; files: { path: string }[] }[];
  tarballFiles = info!.files.map((f) => f.path);
  project = join(work, 'project');
  mkdirSync(project);
  const tarball = `../${info!.filename}`;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'course', version: '1.0.0', private: true, type: 'module', dependencies: { deriva: `file:${tarball}` } }));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(consumerLock(tarball, info!.integrity), null, 2));
  install = await npm(['ci', '--omit=dev', '--offline'], project);
}, SETUP_TIMEOUT_MS);

const WRONG = '\\begin{align*}\n(a+b)^2 &= a^2 + 2ab + b^2 \\\\\n&= a^2 + b^2\n\\end{align*}\n';

describe('the packed package', () => {
  it('ships the build, the rules, the schema, the README and the LICENSE, and no sources or tests', () => {
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/vitest/index.js', 'schema/report.v1.json', 'LICENSE', 'README.md', 'package.json']) {
      expect(tarballFiles, f).toContain(f);
    }
    expect(tarballFiles.some((f) => f.startsWith('rules/') && f.endsWith('.rules'))).toBe(true);
    expect(tarballFiles.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('installs offline with production dependencies only, without engine warnings', () => {
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr).not.toContain('EBADENGINE');
    const installed = readdirSync(join(project, 'node_modules'));
    expect(installed).toContain('deriva');
    expect(installed).toContain('fast-check');
    for (const dev of ['vitest', 'typescript', 'playwright-core']) expect(installed).not.toContain(dev);
  });

  it('runs the CLI: --version, a refutation with its counterexample, a rendered page', async () => {
    writeFileSync(join(project, 'hw.tex'), WRONG);
    const bin = join(project, 'node_modules/.bin/deriva');
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect((await sh(bin, ['-v'], project)).stdout).toBe(`deriva ${version}\n`);
    const check = await sh(bin, ['check', 'hw.tex', '--json', '--samples', '50'], project);
    expect(check.code, check.stderr).toBe(1);
    const report = JSON.parse(check.stdout) as { deriva: string; files: { derivations: { steps: { verdict: string; counterexample: unknown }[] }[] }[] };
    expect(report.deriva).toBe(version);
    const steps = report.files[0]!.derivations[0]!.steps;
    expect(steps.map((s) => s.verdict)).toEqual(['proved', 'refuted']);
    expect(steps[1]!.counterexample).not.toBeNull();
    const render = await sh(bin, ['render', 'hw.tex', '--html', '-o', 'hw.html'], project);
    expect(render.code, render.stderr).toBe(0);
    expect(readFileSync(join(project, 'hw.html'), 'utf8')).toContain('class="katex"');
  });

  it('starts from the rule snapshot the build wrote: the tarball\'s file times do not make it stale', async () => {
    const pkg = join(project, 'node_modules/deriva');
    const script = [
      "import { readdirSync, readFileSync } from 'node:fs';",
      "import { readRuleCache } from './dist/search/rule-cache.js';",
      "const dir = new URL('./rules/', import.meta.url).pathname;",
      "const sources = readdirSync(dir).filter((f) => f.endsWith('.rules')).sort().map((name) => ({ name, text: readFileSync(dir + name, 'utf8') }));",
      'console.log(JSON.stringify((readRuleCache(dir, sources) ?? []).length));',
    ].join('\n');
    writeFileSync(join(pkg, 'probe-cache.mjs'), script);
    const run = await sh(process.execPath, ['probe-cache.mjs'], pkg);
    expect(run.code, run.stderr).toBe(0);
    expect(Number(run.stdout)).toBeGreaterThan(10);
  });

  it('imports the library API and its package.json, and reads the schema through the exports', async () => {
    const script = [
      "import { checkSource, renderLatex, listRules, toJson, exitCode, version } from 'deriva';",
      "import { createRequire } from 'node:module';",
      'const require = createRequire(import.meta.url);',
      "const pkg = require('deriva/package.json');",
      "const schema = require('deriva/schema/report.v1.json');",
      `const report = await checkSource(${JSON.stringify(WRONG)}, { path: 'hw.tex', samples: 50 });`,
      'const latex = await renderLatex(report);',
      'const rules = await listRules();',
      "console.log(JSON.stringify({ version: version(), pkg: pkg.version, schema: schema.title, verdicts: report.files[0].derivations[0].steps.map((s) => s.verdict),",
      "  exit: exitCode(report), json: toJson(report).version, latex: latex.includes('\\\\begin{align*}'), rules: rules.length > 10 }));",
    ].join('\n');
    writeFileSync(join(project, 'use.mjs'), script);
    const run = await sh(process.execPath, ['use.mjs'], project);
    expect(run.code, run.stderr).toBe(0);
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(JSON.parse(run.stdout)).toEqual({
      version, pkg: version, schema: 'deriva report, version 1', verdicts: ['proved', 'refuted'], exit: 1, json: 1, latex: true, rules: true,
    });
    expect(existsSync(join(project, 'node_modules/deriva/dist/index.d.ts'))).toBe(true);
  });
});
