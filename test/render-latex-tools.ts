/**
 * Checks of emitted LaTeX shared by the renderer tests: the align* bodies of
 * a rendering, a KaTeX parse, and a pdflatex compile (run without shell
 * escape, in a temporary folder) where pdflatex is installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import katex from 'katex';

export const alignBodies = (latex: string): string[] =>
  [...latex.matchAll(/\\begin\{align\*\}\n([\s\S]*?)\n\\end\{align\*\}/g)].map((m) => m[1]!);

export const parsesWithKatex = (latex: string): void => {
  katex.renderToString(latex, { displayMode: true, throwOnError: true, strict: 'ignore', trust: false });
};

export function compileWithPdflatex(document: string): { ok: boolean; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'deriva-latex-'));
  try {
    writeFileSync(join(dir, 'doc.tex'), document);
    try {
      execFileSync('pdflatex', ['-no-shell-escape', '-interaction=nonstopmode', '-halt-on-error', 'doc.tex'],
        { cwd: dir, stdio: 'pipe', timeout: 60_000 });
      return { ok: existsSync(join(dir, 'doc.pdf')), log: '' };
    } catch {
      return { ok: false, log: readFileSync(join(dir, 'doc.log'), 'utf8').slice(-3000) };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const hasPdflatex = ((): boolean => {
  try { execFileSync('pdflatex', ['--version'], { stdio: 'pipe' }); return true; } catch { return false; }
})();

