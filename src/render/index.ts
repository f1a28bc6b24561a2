/**
 * Renderers of a checked report: annotated LaTeX and a self-contained KaTeX
 * HTML page. They consume only the report (src/check/report.ts) and never
 * parse or check anything; the CLI wires them to `deriva render` and
 * `deriva check --html`.
 */
export { renderLatex, renderLatexDocument } from './latex.js';
export { renderHtml } from './html.js';
export type { HtmlOptions } from './html.js';
