/**
 * `deriva check --watch`: check once, then re-check a file whenever it is saved
 * (fs.watch on its folder, debounced, because editors save in several writes or
 * by renaming) and print only the steps whose verdict changed.
 *
 * Owns: watching, debouncing, the verdict diff. Must not: exit the process — it
 * returns when the CLI's abort signal fires (Ctrl-C), with the exit code of the
 * last state of the files, as `deriva check` would give it.
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CheckOptions } from '../check/options.js';
import { buildReport, exitCode, summarize, type FileReport, type StepReport } from '../check/report.js';
import { checkInProcess, errorReport, isDerivationFile, realCheckFile, type CheckFileFn, type WalkEntry } from '../batch/index.js';
import { fileErrorText } from '../render/step-text.js';
import { colorEnabled, type CliIO } from './io.js';
import { fileLines, paint, stepLines, summaryLine, type Paint, type StepLineOptions } from '../render/terminal.js';
import { reportEmptyFile, type RunSetup } from './setup.js';

const DEBOUNCE_MS = 150;
const FILE_TIMEOUT_MS = 60_000;

const stepKey = (derivation: string, index: number): string => `${derivation}#${index}`;

function stepsByKey(file: FileReport | undefined): Map<string, StepReport> {
  const map = new Map<string, StepReport>();
  for (const d of file?.derivations ?? []) d.steps.forEach((s, i) => map.set(stepKey(d.name, i), s));
  return map;
}

/** Steps of `after` that are new or whose verdict differs from `before`. */
export function changedSteps(before: FileReport | undefined, after: FileReport): StepReport[] {
  const old = stepsByKey(before);
  return [...stepsByKey(after)].filter(([key, s]) => old.get(key)?.verdict !== s.verdict).map(([, s]) => s);
}

/** What a re-check prints: the file's new counts, then only what changed. */
export function changeLines(before: FileReport | undefined, after: FileReport, p: Paint, opts: StepLineOptions): string[] {
  const s = summarize([after]);
  const changed = changedSteps(before, after);
  const counts = `${s.proved} proved, ${s.confirmed} confirmed, ${s.refuted} refuted, ${s.unverified} unverified, ${s.errors} errors`;
  const lines = [p.bold(`${after.path} re-checked: ${counts}; ${changed.length === 0 ? 'no verdict changed' : `${changed.length} changed`}`)];
  const error = fileErrorText(after);
  if (error !== null && error !== (before ? fileErrorText(before) : null)) lines.push(p.red(error));
  if (error === null && before?.error) lines.push(p.green(`${after.path}: readable again`));
  for (const step of changed) lines.push(...stepLines(after.path, step, p, opts));
  return lines;
}

export async function watchPaths(paths: readonly string[], entries: readonly WalkEntry[], setup: RunSetup, io: CliIO, deps: { checkFile?: CheckFileFn }): Promise<number> {
  const { options, settings } = setup;
  const check = deps.checkFile ?? realCheckFile;
  const p = paint(colorEnabled(io));
  const lineOptions: StepLineOptions = { explain: settings.explain, samples: settings.samples };
  const known = new Map<string, FileReport>();
  const print = (lines: readonly string[]): void => io.stdout.write(`${lines.join('\n')}\n`);
  const state = () => buildReport([...known.values()], settings.seed, setup.run);

  for (const entry of entries) {
    const report = entry.error !== null ? errorReport(entry.path, entry.error) : await safeCheck(check, entry.path, options);
    known.set(resolve(entry.path), report);
    print(fileLines(report, p, lineOptions));
  }
  print(['', summaryLine(state(), p), p.dim(`watching ${known.size} file(s); Ctrl-C to stop`)]);

  let queue = Promise.resolve();
  const recheck = (absolute: string, display: string): void => {
    queue = queue.then(async () => {
      const after = await safeCheck(check, display, options);
      print(changeLines(known.get(absolute), after, p, lineOptions));
      known.set(absolute, after);
    });
  };
  const timers = new Map<string, NodeJS.Timeout>();
  const onEvent = (folder: string, filename: string | null, anyDerivationFile: boolean): void => {
    if (!filename) return;
    const display = join(folder, filename);
    const absolute = resolve(display);
    if (!known.has(absolute) && !(anyDerivationFile && isDerivationFile(filename))) return;
    clearTimeout(timers.get(absolute));
    timers.set(absolute, setTimeout(() => { timers.delete(absolute); recheck(absolute, display); }, DEBOUNCE_MS));
  };

  const watchers = startWatchers(paths, onEvent, (message) => io.stderr.write(`deriva: ${message}\n`));
  await untilAborted(io.signal);
  for (const w of watchers) w.close();
  for (const t of timers.values()) clearTimeout(t);
  await queue;
  return exitCode(state(), settings.strict);
}

/** A folder argument is watched recursively for any .tex/.md; a file argument through its folder. */
function startWatchers(
  paths: readonly string[],
  onEvent: (folder: string, filename: string | null, anyDerivationFile: boolean) => void,
  warn: (message: string) => void,
): FSWatcher[] {
  const watchers: FSWatcher[] = [];
  const folders = new Set<string>();
  for (const path of paths) {
    const isFolder = isDirectory(path);
    const folder = isFolder ? path : dirname(path);
    const key = `${resolve(folder)}|${isFolder}`;
    if (folders.has(key)) continue;
    folders.add(key);
    try {
      const w = watch(folder, { recursive: isFolder }, (_event, filename) => onEvent(folder, filename, isFolder));
      w.on('error', (e) => warn(`stopped watching ${folder}: ${e.message}`));
      watchers.push(w);
    } catch (e) {
      warn(`cannot watch ${folder}: ${(e as Error).message}`);
    }
  }
  return watchers;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const safeCheck = async (check: CheckFileFn, path: string, options: CheckOptions): Promise<FileReport> =>
  reportEmptyFile(await checkInProcess(check, path, options, FILE_TIMEOUT_MS));

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((done) => signal.addEventListener('abort', () => done(), { once: true }));
}
