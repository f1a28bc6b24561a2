/**
 * The homework's diffusion model (contexts/homework3.tex) read as the checker reads a context:
 * shared by the tests of the linear-Gaussian back-end.
 */
import { readFileSync } from 'node:fs';
import { symbolTableFor } from '../src/check/symbols.js';
import { readConditionalLaw } from '../src/check/model-laws.js';
import { readDocument } from '../src/document/document.js';
import type { Definition, Expr } from '../src/expr/model.js';
import { parseAssumption, parseLatex, parseMath } from '../src/notation/parse.js';
import { readSpec, type ModelSpec } from '../src/numeric/gaussian/index.js';

const CONTEXT = 'contexts/homework3.tex';

/** The diffusion section's statements, read as the checker reads a context. */
export function diffusionModel(): { spec: ModelSpec; parse: (latex: string) => Expr } {
  const text = readFileSync(CONTEXT, 'utf8');
  const start = text.indexOf('\\section{Diffusion model}');
  // keep the line numbers: blank out what comes before the section
  const section = text.slice(0, start).replace(/[^\n]/g, '') + text.slice(start);
  const doc = readDocument(CONTEXT, section, { macros: '' });
  const symbols = symbolTableFor(doc);
  const definitions: Definition[] = [];
  const equations: { lhs: Expr; rhs: Expr }[] = [];
  for (const d of doc.derivations) {
    const rows = [d.head, ...d.links.map((l) => l.rhs)].map((t) => parseMath(t, symbols, CONTEXT));
    d.links.forEach((l, k) => (l.relation === ':=' ? definitions : equations).push({ lhs: rows[k]!, rhs: rows[k + 1]! }));
  }
  // conditional laws (`x_{t-1} \mid x_t, x_0 \sim …`) are read apart, as the checker reads them
  const assumptions = [...doc.assumptions.map((a) => a.text), ...doc.prose.filter((p) => p.kind === 'assumption').map((p) => p.text)]
    .filter((t) => readConditionalLaw(t, symbols, CONTEXT) === null)
    .map((t) => parseAssumption(t, symbols, CONTEXT));
  const spec = readSpec({ definitions, stated: definitions, assumptions, equations });
  if (!spec) throw new Error('the context defines no model');
  return { spec, parse: (latex) => parseLatex(latex, symbols) };
}
