/**
 * Lazy access to the heavier or optional layers the CLI only needs for some
 * commands (renderers, the rule library), so `deriva check` starts fast and a
 * missing layer gives a clear message instead of a crash.
 *
 * Must not: import these modules statically.
 */
import { CommandError } from './errors.js';

export type RenderModule = typeof import('../render/index.js');

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

/** Import a sibling layer; a layer that cannot be loaded is reported by name. */
async function importLayer<T>(load: () => Promise<T>, specifier: string, what: string): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const missing = err.code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|does not exist/.test(err.message);
    if (missing) throw new CommandError(`${what} is not available in this build (${specifier} is missing)`);
    throw e;
  }
}

export const loadRenderers = (): Promise<RenderModule> =>
  importLayer(() => import('../render/index.js'), '../render/index.js', 'rendering');

/** The rule library's module may not exist yet while it is being written: the specifier is a
 *  variable so the build does not depend on it. */
const REWRITE_MODULE = '../search/index.js';
export const loadRewrite = (): Promise<RewriteModule> =>
  importLayer(() => import(REWRITE_MODULE) as Promise<RewriteModule>, REWRITE_MODULE, 'the rule library');
