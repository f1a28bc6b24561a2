/**
 * Checks of emitted LaTeX shared by the renderer tests: the align* bodies of
 * a rendering, a KaTeX parse (with the output's two macros), and a pdflatex
 * compile (run without shell escape, in a temporary folder) where pdflatex is
 * installed, reporting every overfull box wider than a tolerance.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import katex from 'katex';
import { DERIVA_KATEX_MACROS } from '../src/render/latex.js';

export const alignBodies = (latex: string): string[] =>
  [...latex.matchAll(/\\begin\{align\*\}\n([\s\S]*?)\n\\end\{align\*\}/g)].map((m) => m[1]!);

export const parsesWithKatex = (latex: string): void => {
  katex.renderToString(latex, { displayMode: true, throwOnError: true, strict: 'ignore', trust: false, macros: { ...DERIVA_KATEX_MACROS } });
};

/** Overfull boxes wider than this many points fail a test: what a reader would see stick out. */
export const OVERFULL_TOLERANCE_PT = 10;

export interface Compiled {
  readonly ok: boolean;
  /** The end of the log when the compile failed, else ''. */
  readonly log: string;
  /** "Overfull \hbox (12.3pt too wide) …" lines over the tolerance. */
  readonly overfull: readonly string[];
}

/** Overfull box warnings of a pdflatex log wider than the tolerance. */
export function overfullBoxes(log: string): string[] {
  return [...log.matchAll(/^Overfull \\[hv]box \((\d+(?:\.\d+)?)pt too (?:wide|high)\)[^\n]*/gm)]
    .filter((m) => Number(m[1]) > OVERFULL_TOLERANCE_PT)
    .map((m) => m[0]);
}

export function compileWithPdflatex(document: string): Compiled {
  const dir = mkdtempSync(join(tmpdir(), 'deriva-latex-'));
  try {
    writeFileSync(join(dir, 'doc.tex'), document);
    const log = (): string => (existsSync(join(dir, 'doc.log')) ? readFileSync(join(dir, 'doc.log'), 'utf8') : '');
    try {
      execFileSync('pdflatex', ['-no-shell-escape', '-interaction=nonstopmode', '-halt-on-error', 'doc.tex'],
        { cwd: dir, stdio: 'pipe', timeout: 60_000 });
      return { ok: existsSync(join(dir, 'doc.pdf')), log: '', overfull: overfullBoxes(log()) };
    } catch {
      return { ok: false, log: log().slice(-3000), overfull: overfullBoxes(log()) };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const hasPdflatex = ((): boolean => {
  try { execFileSync('pdflatex', ['--version'], { stdio: 'pipe' }); return true; } catch { return false; }
})();

/** Why a pdflatex test is skipped, printed once where it is. */
export const PDFLATEX_MISSING = 'pdflatex is not installed (apt-get install texlive-latex-base texlive-latex-recommended, or run .ci/install-apt.sh); the compile checks are skipped';
