/**
 * `deriva check PATH...`: walk, check (in parallel), print per-step lines in sorted
 * file order as soon as that order allows, a summary table for several files, the
 * summary line; write --html / --junit; return the exit code. With --json, stdout
 * gets exactly `toJson(report)` and nothing else.
 *
 * Must not: decide verdicts or exit the process.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { exitCode, toJson, type FileReport, type Report } from '../check/report.js';
import { buildReport, checkEntries, collectFiles, toJunitXml, type CheckFileFn } from '../batch/index.js';
import { describeFsError } from '../batch/walk.js';
import { firstWrongLine, fileErrorText, problemTexts } from '../render/step-text.js';
import { toCheckOptions, UsageError, type ParsedCommandLine, type Settings } from './settings.js';
import { colorEnabled, type CliIO } from './io.js';
import { CommandError } from './errors.js';
import { fileLines, paint, summaryLine } from '../render/terminal.js';
import { summaryTable } from '../render/table.js';
import { progressBar } from './progress.js';
import { loadRenderers } from './modules.js';
import { watchPaths } from './watch.js';

export interface CliDeps {
  /** A stand-in checker for tests; the real one otherwise. */
  readonly checkFile?: CheckFileFn;
}

export async function readMacros(path: string): Promise<string> {
  if (path === '') return '';
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new CommandError(`cannot read --macros file ${path}: ${describeFsError(e)}`);
  }
}

export async function runCheck(line: ParsedCommandLine, io: CliIO, deps: CliDeps): Promise<number> {
  const s = line.settings;
  if (line.positionals.length === 0) throw new UsageError("check needs at least one PATH (a .tex or .md file, or a folder); see 'deriva help check'");
  if (s.watch && (s.json || s.html || s.junit)) throw new UsageError('--watch prints to the terminal; it cannot be combined with --json, --html or --junit');
  const options = toCheckOptions(s, await readMacros(s.macros));
  if (s.watch) return watchPaths(line.positionals, options, io, deps);

  const entries = collectFiles(line.positionals);
  const p = paint(colorEnabled(io) && !s.json);
  const progress = progressBar(io.stderr, entries.length, !s.json);
  const lineOptions = { explain: s.explain, seed: s.seed };
  const printInOrder = orderedPrinter(entries.length, (file: FileReport) => {
    if (s.json) return;
    const text = fileLines(file, p, lineOptions).join('\n');
    progress.around(() => io.stdout.write(`${text}\n`));
  });
  const files = await checkEntries(entries, options, {
    jobs: s.jobs,
    timeoutMs: s.timeout * 1000,
    ...(deps.checkFile ? { checkFile: deps.checkFile } : {}),
    onFile: (index, file) => {
      progress.tick(firstWrongLine(file) !== null);
      printInOrder(index, file);
    },
  });
  progress.done();
  const report = buildReport(files, s.seed);

  if (s.json) {
    io.stdout.write(`${JSON.stringify(toJson(report), null, 2)}\n`);
    for (const f of files) for (const d of diagnosticsOf(f)) io.stderr.write(`${d}\n`);
  } else {
    if (files.length > 1) io.stdout.write(`\n${summaryTable(files, p).join('\n')}\n`);
    io.stdout.write(`\n${summaryLine(report, p)}\n`);
  }
  await writeArtifacts(report, s);
  return exitCode(report, s.strict);
}

/** With --json the diagnostics go to stderr so a CI log still names file:line:column. */
const diagnosticsOf = (f: FileReport): string[] => [fileErrorText(f), ...problemTexts(f)].filter((t): t is string => t !== null);

/** Calls `print` for results in index order, as soon as every earlier one has arrived. */
export function orderedPrinter<T>(count: number, print: (item: T) => void): (index: number, item: T) => void {
  const waiting = new Map<number, T>();
  let next = 0;
  return (index, item) => {
    waiting.set(index, item);
    while (next < count && waiting.has(next)) {
      print(waiting.get(next)!);
      waiting.delete(next++);
    }
  };
}

async function writeArtifacts(report: Report, s: Settings): Promise<void> {
  if (s.junit) await writeOutput(s.junit, toJunitXml(report), '--junit');
  if (s.html) {
    const { renderHtml } = await loadRenderers();
    await writeOutput(s.html, renderHtml(report, { title: 'deriva report' }), '--html');
  }
}

export async function writeOutput(path: string, text: string, flag: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (e) {
    throw new CommandError(`cannot write ${flag} file ${path}: ${describeFsError(e)}`);
  }
}
