/**
 * `deriva check PATH...`: prepare (configuration, macros, output paths, files),
 * check in parallel, print per-step lines in sorted file order as soon as that
 * order allows, a summary table for several files, the summary line; write
 * --html / --junit; return the exit code. With --json, stdout gets exactly
 * `toJson(report)` and nothing else, each file written as soon as the order allows.
 *
 * Must not: decide verdicts or exit the process.
 */
import { writeFile } from 'node:fs/promises';
import { exitCode, jsonClosing, jsonFileText, JSON_OPENING, type FileReport, type Report } from '../check/report.js';
import { buildReport, checkEntries, toJunitXml, type CheckFileFn } from '../batch/index.js';
import type { StartedWorker } from '../batch/pool.js';
import { describeFsError } from '../batch/walk.js';
import { firstWrongLine, fileErrorText, problemTexts } from '../render/step-text.js';
import { UsageError, type ParsedCommandLine } from './settings.js';
import { colorEnabled, type CliIO } from './io.js';
import { CommandError } from './errors.js';
import { fileLines, paint, summaryLine } from '../render/terminal.js';
import { summaryTable } from '../render/table.js';
import { progressBar } from './progress.js';
import { loadRenderers } from './modules.js';
import { watchPaths } from './watch.js';
import { assertWritable, filesToCheck, prepareRun, reportEmptyFile, type RunSetup } from './setup.js';

export interface CliDeps {
  /** A stand-in checker for tests; the real one otherwise. */
  readonly checkFile?: CheckFileFn;
  /** A checker worker the entry started before loading the CLI; stopped if no check takes it. */
  readonly startedWorker?: StartedWorker;
}

export async function runCheck(line: ParsedCommandLine, io: CliIO, deps: CliDeps): Promise<number> {
  try {
    return await check(line, io, deps);
  } finally {
    deps.startedWorker?.dispose();
  }
}

async function check(line: ParsedCommandLine, io: CliIO, deps: CliDeps): Promise<number> {
  if (line.positionals.length === 0) throw new UsageError("check needs at least one PATH (a .tex or .md file, or a folder); see 'deriva help check'");
  const cwd = io.cwd ?? process.cwd();
  const setup = await prepareRun(line, cwd);
  const s = setup.settings;
  if (s.watch && (s.json || s.html || s.junit)) throw new UsageError('--watch prints to the terminal; it cannot be combined with --json, --html or --junit');
  if (s.html) assertWritable(s.html, '--html');
  if (s.junit) assertWritable(s.junit, '--junit');
  const entries = filesToCheck(line.positionals, s.exclude, setup.project.folder);
  if (s.watch) return watchPaths(line.positionals, entries, setup, io, deps);

  const p = paint(colorEnabled(io) && !s.json);
  const progress = progressBar(io.stderr, entries.length, !s.json);
  const lineOptions = { explain: s.explain, samples: s.samples };
  let printed = 0;
  const printInOrder = orderedPrinter(entries.length, (file: FileReport) => {
    if (s.json) {
      io.stdout.write(jsonFileText(file, printed++));
      for (const d of diagnosticsOf(file)) io.stderr.write(`${d}\n`);
      return;
    }
    const text = fileLines(file, p, lineOptions).join('\n');
    progress.around(() => io.stdout.write(`${text}\n`));
  });
  if (s.json) io.stdout.write(JSON_OPENING);
  const shown = new Array<FileReport>(entries.length);
  await checkEntries(entries, setup.options, {
    jobs: s.jobs,
    timeoutMs: s.timeout * 1000,
    ...(deps.checkFile ? { checkFile: deps.checkFile } : {}),
    ...(deps.startedWorker ? { startedWorker: deps.startedWorker } : {}),
    onFile: (index, checked) => {
      const file = reportEmptyFile(checked);
      shown[index] = file;
      progress.tick(firstWrongLine(file) !== null);
      printInOrder(index, file);
    },
  });
  progress.done();
  const report = buildReport(shown, s.seed, setup.run);

  if (s.json) {
    io.stdout.write(`${jsonClosing(report)}\n`);
  } else {
    if (report.files.length > 1) io.stdout.write(`\n${summaryTable(report.files, p).join('\n')}\n`);
    io.stdout.write(`\n${summaryLine(report, p)}\n`);
  }
  await writeArtifacts(report, setup);
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

async function writeArtifacts(report: Report, { settings: s }: RunSetup): Promise<void> {
  if (s.junit) await writeOutput(s.junit, toJunitXml(report, { strict: s.strict }), '--junit');
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
