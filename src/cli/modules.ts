/**
 * Lazy access to the heavier or optional layers the CLI only needs for some
 * commands (renderers, the rule library), so `deriva check` starts fast and a
 * missing layer gives a clear message instead of a crash.
 *
 * Must not: import these modules statically.
 */
import type { FileReport, Report } from '../check/report.js';
import { CommandError } from './errors.js';

export interface RenderModule {
  renderHtml(report: Report, options?: { title?: string }): string;
  renderLatex(file: FileReport): string;
  renderLatexDocument(files: readonly FileReport[]): string;
}

export interface RuleInfo {
  readonly name: string;
  readonly synonyms: readonly string[];
  readonly statement: string;
  readonly relation: string;
  readonly file: string;
  readonly line: number;
}

export interface RewriteModule {
  loadRules(dir?: string): { readonly rules: readonly RuleInfo[] };
}

/** Import a sibling layer; a layer that is not there yet is reported by name.
 *  The specifier is a variable so the build does not depend on the layer existing. */
async function importLayer<T>(specifier: string, what: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const missing = err.code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|does not exist/.test(err.message);
    if (missing) throw new CommandError(`${what} is not available in this build (${specifier} is missing)`);
    throw e;
  }
}

export const loadRenderers = (): Promise<RenderModule> =>
  importLayer<RenderModule>('../render/index.js', 'rendering');

export const loadRewrite = (): Promise<RewriteModule> =>
  importLayer<RewriteModule>('../rewrite/index.js', 'the rule library');
