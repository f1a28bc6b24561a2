/**
 * `deriva render FILE (--latex | --html) [-o OUT | OUT]`: check one file, then hand
 * its report to the renderers (loaded lazily). Output to OUT, or stdout. A file
 * that is missing or a folder is exit 2 before anything is checked or written.
 *
 * Must not: render anything itself — src/render owns the LaTeX and HTML.
 */
import { statSync } from 'node:fs';
import { buildReport, exitCode } from '../check/report.js';
import { realCheckFile } from '../batch/index.js';
import { describeFsError } from '../batch/walk.js';
import { fileErrorText, problemTexts } from '../render/step-text.js';
import { UsageError, type ParsedCommandLine } from './settings.js';
import type { CliIO } from './io.js';
import { CommandError } from './errors.js';
import { loadRenderers } from './modules.js';
import { writeOutput, type CliDeps } from './check-command.js';
import { assertWritable, prepareRun, reportEmptyFile } from './setup.js';

/** The file to render must be a readable file: one clear line otherwise. */
function assertRenderable(file: string): void {
  let isFolder: boolean;
  try {
    isFolder = statSync(file).isDirectory();
  } catch (e) {
    throw new CommandError(`cannot render ${file}: ${describeFsError(e)}`);
  }
  if (isFolder) throw new CommandError(`cannot render ${file}: it is a folder (render takes one file; for a folder: deriva check ${file} --html FILE)`);
}

export async function runRender(line: ParsedCommandLine, io: CliIO, deps: CliDeps): Promise<number> {
  const [file, positionalOut, ...extra] = line.positionals;
  if (file === undefined) throw new UsageError("render needs a FILE; see 'deriva help render'");
  if (extra.length > 0 || (positionalOut !== undefined && line.settings.output)) {
    throw new UsageError('render takes one FILE and at most one output (OUT or -o OUT)');
  }
  if (line.settings.latexOut === line.settings.htmlOut) throw new UsageError('render needs exactly one of --latex or --html');
  const setup = await prepareRun(line, io.cwd ?? process.cwd());
  const s = setup.settings;
  const out = s.output || positionalOut || '';
  const flag = s.htmlOut ? '--html' : '--latex';
  assertRenderable(file);
  if (out) assertWritable(out, flag);

  const checked = reportEmptyFile(await (deps.checkFile ?? realCheckFile)(file, setup.options));
  const report = buildReport([checked], s.seed, setup.run);
  const renderers = await loadRenderers();
  const text = s.htmlOut ? renderers.renderHtml(report, { title: file }) : renderers.renderLatexDocument([checked]);
  if (out) await writeOutput(out, text, flag);
  else io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

  for (const d of [fileErrorText(checked), ...problemTexts(checked)]) if (d !== null) io.stderr.write(`${d}\n`);
  return exitCode(report) === 2 ? 2 : 0;
}
