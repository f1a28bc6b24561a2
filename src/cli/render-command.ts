/**
 * `deriva render FILE (--latex | --html) [-o OUT | OUT]`: check one file, then hand
 * its report to the renderers (loaded lazily). Output to OUT, or stdout.
 *
 * Must not: render anything itself — src/render owns the LaTeX and HTML.
 */
import { exitCode } from '../check/report.js';
import { buildReport } from '../check/report.js';
import { realCheckFile } from '../batch/index.js';
import { fileErrorText, problemTexts } from '../render/step-text.js';
import { toCheckOptions, UsageError, type ParsedCommandLine } from './settings.js';
import type { CliIO } from './io.js';
import { loadRenderers } from './modules.js';
import { readMacros, writeOutput, type CliDeps } from './check-command.js';

export async function runRender(line: ParsedCommandLine, io: CliIO, deps: CliDeps): Promise<number> {
  const s = line.settings;
  const [file, positionalOut, ...extra] = line.positionals;
  if (file === undefined) throw new UsageError("render needs a FILE; see 'deriva help render'");
  if (extra.length > 0 || (positionalOut !== undefined && s.output)) {
    throw new UsageError('render takes one FILE and at most one output (OUT or -o OUT)');
  }
  if (s.latexOut === s.htmlOut) throw new UsageError('render needs exactly one of --latex or --html');
  const out = s.output || positionalOut || '';

  const options = toCheckOptions(s, await readMacros(s.macros));
  const checked = await (deps.checkFile ?? realCheckFile)(file, options);
  const renderers = await loadRenderers();
  const text = s.htmlOut
    ? renderers.renderHtml(buildReport([checked], s.seed), { title: file })
    : renderers.renderLatexDocument([checked]);
  if (out) await writeOutput(out, text, s.htmlOut ? '--html' : '--latex');
  else io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

  for (const d of [fileErrorText(checked), ...problemTexts(checked)]) if (d !== null) io.stderr.write(`${d}\n`);
  return exitCode(buildReport([checked], s.seed)) === 2 ? 2 : 0;
}
