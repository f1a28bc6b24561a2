/**
 * The package compiled from the current sources, for tests that need what only
 * compiled code can do (worker threads, the `deriva` binary in a child process).
 *
 * Built once per distinct source tree into a folder named by a hash of src/ and
 * tsconfig.json (beside it: links to rules/, package.json and node_modules/, so it
 * runs as the package does), and moved into place only when complete: test files
 * running at the same time share one build, never read a half-written one, and never
 * run a stale dist/ left by an earlier build.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const ROOT = resolve('.');
const CACHE = join(ROOT, 'node_modules/.cache/deriva-compiled');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of [join(ROOT, 'tsconfig.json'), ...sourceFiles(join(ROOT, 'src')).sort()]) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

export interface Compiled {
  /** The package folder (holds dist/, and links to rules/ and node_modules/). */
  readonly root: string;
  /** dist/ as a file URL ending in a slash. */
  readonly dist: URL;
  /** The `deriva` entry point. */
  readonly cli: string;
}

export async function compiled(): Promise<Compiled> {
  const root = join(CACHE, sourceHash());
  if (!existsSync(join(root, 'dist/cli/main.js'))) {
    mkdirSync(CACHE, { recursive: true });
    const building = mkdtempSync(join(CACHE, 'building-'));
    // Others' files may be mid-edit: tsc still emits, so judge by the output, not tsc's exit code.
    await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--outDir', join(building, 'dist')], { cwd: ROOT })
      .catch(() => undefined);
    for (const name of ['rules', 'package.json', 'node_modules']) symlinkSync(join(ROOT, name), join(building, name));
    if (!existsSync(join(building, 'dist/cli/main.js'))) throw new Error('the build produced no dist/cli/main.js');
    try {
      renameSync(building, root);
    } catch {
      rmSync(building, { recursive: true, force: true });   // another test file finished the same build first
    }
    for (const old of readdirSync(CACHE)) {
      if (join(CACHE, old) !== root && !old.startsWith('building-')) rmSync(join(CACHE, old), { recursive: true, force: true });
    }
  }
  return { root, dist: pathToFileURL(join(root, 'dist/')), cli: join(root, 'dist/cli/main.js') };
}
