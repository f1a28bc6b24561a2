/**
 * The HTML report: one self-contained page (KaTeX CSS and fonts inlined once,
 * no script, no external request, a Content-Security-Policy that forbids both)
 * showing every step typeset with its verdict mark, what its justification
 * cites, the rules and intermediate expressions of each proof, each
 * counterexample as a table, the first wrong step of every derivation linked
 * from the top of its file, and, for several files, an index table (counts
 * and first wrong line per file).
 *
 * Size: a class's worth of files must stay a page a browser opens, so typeset
 * formulas share a byte budget (formula-plan.ts): the steps that fail get it
 * first, and past it formulas show as LaTeX source. Reads the report only: it
 * never parses or checks maths. All text not typeset by KaTeX goes through
 * escapeHtml. Same report → same bytes (ids come from positions, not counters).
 */
import type { Citation, Counterexample, DerivationReport, FileReport, Report, StepReport, Summary, Verdict } from '../check/report.js';
import { stepFails, summarize } from '../check/report.js';
import { escapeHtml } from './formula.js';
import { NO_FORMULAS, PAGE_TARGET_BYTES, planFormulas, startsRow, stepId, type FormulaPlan } from './formula-plan.js';
import { inlinedKatexCss } from './katex-css.js';
import { PAGE_CSS } from './page-style.js';
import { RELATION_INFO } from '../expr/relations.js';
import { citationText, formatNumber, stepNote, VERDICT_LOOK, VERDICT_ORDER, verdictLabel } from './vocabulary.js';

export interface HtmlOptions {
  /** Page title and heading; defaults to "deriva report". */
  readonly title?: string;
  /** Bytes of typeset formulas the page may hold; past it, LaTeX source. Default: what keeps the
   *  page under PAGE_TARGET_BYTES (formula-plan.ts). */
  readonly typesetBudgetBytes?: number;
}

/** No script may run and nothing may be fetched: styles and fonts are inline, everything else is denied. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

/** What every part of the page needs to know about the run. */
interface PageContext {
  readonly formulas: FormulaPlan;
  readonly strict: boolean;
  /** Samples the run asked for per step (to say when fewer were used), or null. */
  readonly samples: number | null;
}

/** Where one step sits, for ids and `path:line` labels. */
interface StepPlace {
  readonly path: string;
  readonly id: string;
}

const displayFormula = (ctx: PageContext, key: string, latex: string): string =>
  `<div class="formula">${ctx.formulas.html(key, latex)}</div>`;

const countOf = (summary: Summary, v: Verdict): number =>
  (v === 'error' ? summary.errors : v === 'definition' ? summary.definitions : summary[v]);

/** Summary counts, one chip per verdict, each with mark and word. */
function countsList(summary: Summary): string {
  const chips = VERDICT_ORDER.map((v) => {
    const { mark, label } = VERDICT_LOOK[v];
    const n = countOf(summary, v);
    const cls = n === 0 ? 'none' : `v-${v}`;
    return `<li class="${cls}"><span aria-hidden="true">${mark}</span> ${label} <b>${n}</b></li>`;
  });
  const extra = [
    summary.expectedRefutations > 0 ? `<li class="v-expected">refuted as expected <b>${summary.expectedRefutations}</b></li>` : '',
    summary.unmetExpectations > 0 ? `<li class="v-refuted">expected refutation not met <b>${summary.unmetExpectations}</b></li>` : '',
    summary.problems > 0 ? `<li class="v-unverified">read problems <b>${summary.problems}</b></li>` : '',
  ];
  return `<ul class="counts" aria-label="steps per verdict">${chips.join('')}${extra.join('')}</ul>`;
}

/** The first step of a derivation that fails the run: what a reader looks for first. */
const firstWrongIndex = (d: DerivationReport, strict: boolean): number => d.steps.findIndex((s) => stepFails(s, strict));

function counterexampleTable(ctx: PageContext, cex: Counterexample, id: string): string {
  const symbolRows = Object.entries(cex.assignment).map(([symbol, value], n) =>
    `<tr><td>${ctx.formulas.html(`${id}-x${n + 1}`, symbol)}</td><td class="num">${escapeHtml(formatNumber(value))}</td></tr>`);
  const empty = symbolRows.length === 0 ? '<tr><td colspan="2">(no free symbols)</td></tr>' : '';
  return '<div class="cex-box"><table class="cex">'
    + `<caption>Counterexample (replay with --seed ${escapeHtml(String(cex.seed))})</caption>`
    + '<thead><tr><th scope="col">symbol</th><th scope="col">value</th></tr></thead>'
    + `<tbody>${symbolRows.join('')}${empty}</tbody>`
    + '<tbody class="sides">'
    + `<tr><th scope="row">left side</th><td class="num">${escapeHtml(formatNumber(cex.lhs))}</td></tr>`
    + `<tr><th scope="row">right side</th><td class="num">${escapeHtml(formatNumber(cex.rhs))}</td></tr>`
    + '</tbody></table></div>';
}

/** A proof's rule applications, collapsed; each opens to the expression the rule produced. */
function proofDetails(ctx: PageContext, step: StepReport, id: string): string {
  if (step.proof.length === 0) return '';
  const items = step.proof.map((p, k) =>
    `<li><span class="rule">${escapeHtml(p.rule)}</span>${displayFormula(ctx, `${id}-p${k + 1}`, p.result)}</li>`);
  const n = step.proof.length;
  return `<details class="proof"><summary>Proof: ${n} rule application${n === 1 ? '' : 's'}</summary>`
    + `<ol>${items.join('')}</ol></details>`;
}

/** One citation: a quiet note when the cited rule did the work, a warning otherwise. */
function citationHtml(c: Citation): string {
  const problem = citationText(c);
  if (problem === null) return `<span class="cite used">cites <span class="rule">${escapeHtml(c.rules.join(', '))}</span> ✓</span>`;
  return `<span class="cite warn"><span aria-hidden="true">⚠</span> ${escapeHtml(problem)}</span>`;
}

/** The line under a step's formula: verdict words, `path:line`, what the verdict rests on, what it cites. */
function stepInfo(ctx: PageContext, step: StepReport, place: StepPlace, firstWrong: boolean): string {
  const note = stepNote(step, ctx.samples);
  const lead = step.verdict === 'proved' && note !== '' ? 'by ' : '';
  const parts = [
    `<span class="label v-${step.verdict}${expectationClass(step)}">${escapeHtml(verdictLabel(step))}</span>`,
    `<a class="loc" href="#${place.id}">${escapeHtml(`${place.path}:${step.line}`)}</a>`,
    firstWrong ? '<span class="first-wrong-tag">first wrong step</span>' : '',
    note === '' ? '' : `<span class="note">${lead}${escapeHtml(note)}</span>`,
    step.justification && step.citations.length === 0 ? `<span class="note">justification: “${escapeHtml(step.justification)}”</span>` : '',
    ...step.citations.map(citationHtml),
  ];
  return `<div class="info">${parts.filter((p) => p !== '').join('')}</div>`;
}

/** ` expected-met` / ` expected-unmet` for a step its writer marked `% expect: refuted`. */
const expectationClass = (step: StepReport): string =>
  (step.expected !== 'refuted' ? '' : step.verdict === 'refuted' ? ' expected-met' : ' expected-unmet');

function stepHtml(ctx: PageContext, step: StepReport, place: StepPlace, firstWrong: boolean): string {
  const { mark, label } = VERDICT_LOOK[step.verdict];
  // The verdict colours the mark and the word only; formulas stay in ink.
  const classes = `step is-${step.verdict}${expectationClass(step)}${firstWrong ? ' first-wrong' : ''}`;
  const relation = RELATION_INFO[step.relation];
  const rel = `<span class="rel" role="img" aria-label="${escapeHtml(relation.word)}">${escapeHtml(relation.symbol)}</span>`;
  const cex = step.verdict === 'refuted' && step.counterexample ? counterexampleTable(ctx, step.counterexample, place.id) : '';
  return `<div class="${classes}" id="${place.id}">`
    + `<div class="gutter mark v-${step.verdict}${expectationClass(step)}" role="img" title="${label}" aria-label="${label}">${mark}</div>`
    + '<div class="body">'
    + `<div class="math">${rel}${displayFormula(ctx, `${place.id}-to`, step.to)}</div>`
    + stepInfo(ctx, step, place, firstWrong)
    + proofDetails(ctx, step, place.id)
    + cex
    + '</div></div>';
}

const startRow = (ctx: PageContext, id: string, from: string): string =>
  `<div class="start"><div class="gutter"></div><div class="body"><div class="math">${displayFormula(ctx, `${id}-from`, from)}</div></div></div>`;

function derivationHtml(ctx: PageContext, d: DerivationReport, path: string, fileIndex: number, index: number): string {
  const wrong = firstWrongIndex(d, ctx.strict);
  const rows: string[] = [];
  for (const [k, step] of d.steps.entries()) {
    const id = stepId(fileIndex, index, k);
    if (startsRow(d.steps, k)) rows.push(startRow(ctx, id, step.from));
    rows.push(stepHtml(ctx, step, { path, id }, k === wrong));
  }
  const id = `f${fileIndex + 1}-d${index + 1}`;
  return `<section class="derivation" id="${id}" aria-label="${escapeHtml(d.name)}">`
    + `<h3>${escapeHtml(d.name)} <span class="loc">${escapeHtml(`${path}:${d.line}`)}</span></h3>`
    + `<div class="steps">${rows.join('')}</div></section>`;
}

/** Each derivation's first wrong step as [derivation index, step index]. */
const wrongSteps = (file: FileReport, strict: boolean): [number, number][] =>
  file.derivations.flatMap((d, k) => {
    const wrong = firstWrongIndex(d, strict);
    return wrong < 0 ? [] : [[k, wrong] as [number, number]];
  });

/** Links to each derivation's first wrong step, at the top of the file's section. */
function firstWrongLinks(ctx: PageContext, file: FileReport, fileIndex: number): string {
  const links = wrongSteps(file, ctx.strict).map(([k, wrong]) => {
    const where = escapeHtml(`${file.path}:${file.derivations[k]!.steps[wrong]!.line}`);
    return `<li><a href="#${stepId(fileIndex, k, wrong)}">${where}</a> in ${escapeHtml(file.derivations[k]!.name)}</li>`;
  });
  if (links.length === 0) return file.derivations.length > 0 ? '<p class="all-clear">No wrong step.</p>' : '';
  return `<div class="first-wrong-links"><strong>First wrong step${links.length === 1 ? '' : 's'}:</strong><ul>${links.join('')}</ul></div>`;
}

function fileHtml(ctx: PageContext, file: FileReport, index: number): string {
  const problems = file.problems.map((p) =>
    `<li>${escapeHtml(`${file.path}:${p.line}:${p.column}: ${p.message}`)}</li>`);
  const error = file.error
    ? `<p class="file-error"><span class="mark" aria-hidden="true">${VERDICT_LOOK.error.mark}</span> <span class="label">cannot be read</span> `
      + `${escapeHtml(`${file.path}:${file.error.line}:${file.error.column}: ${file.error.message}`)}</p>`
    : '';
  const none = !file.error && file.derivations.length === 0 ? '<p class="all-clear">No derivations found.</p>' : '';
  return `<section class="file" id="f${index + 1}">`
    + `<h2><span class="path">${escapeHtml(file.path)}</span></h2>`
    + countsList(summarize([file]))
    + firstWrongLinks(ctx, file, index)
    + error
    + (problems.length > 0 ? `<ul class="problems">${problems.join('')}</ul>` : '')
    + none
    + file.derivations.map((d, k) => derivationHtml(ctx, d, file.path, index, k)).join('')
    + '</section>';
}

const INDEX_COLUMNS: readonly Verdict[] = ['proved', 'confirmed', 'refuted', 'unverified', 'error'];

/** With several files, a compact table: each file linked, its counts, and its first wrong line linked. */
function fileIndex(ctx: PageContext, files: readonly FileReport[]): string {
  if (files.length < 2) return '';
  const head = INDEX_COLUMNS.map((v) =>
    `<th scope="col" class="n"><abbr title="${VERDICT_LOOK[v].label}">${VERDICT_LOOK[v].mark}</abbr></th>`).join('');
  const rows = files.map((f, k) => {
    const s = summarize([f]);
    const counts = INDEX_COLUMNS.map((v) => {
      const n = countOf(s, v);
      return `<td class="n${n > 0 && v !== 'proved' && v !== 'confirmed' ? ` v-${v}` : ''}">${n}</td>`;
    }).join('');
    const [first] = wrongSteps(f, ctx.strict);
    const wrong = f.error
      ? `<a href="#f${k + 1}">line ${f.error.line}</a>`
      : first ? `<a href="#${stepId(k, first[0], first[1])}">line ${f.derivations[first[0]]!.steps[first[1]]!.line}</a>` : '';
    const attention = wrong !== '' || s.problems > 0 ? ' class="attention"' : '';
    return `<tr${attention}><th scope="row"><a href="#f${k + 1}">${escapeHtml(f.path)}</a></th>${counts}<td>${wrong}</td></tr>`;
  });
  return '<nav aria-label="files"><div class="index-box"><table class="file-index">'
    + `<thead><tr><th scope="col">file</th>${head}<th scope="col">first wrong</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table></div></nav>`;
}

/** One self-contained HTML page for the whole report. Deterministic: the same report gives the same bytes. */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const strict = report.run?.strict ?? false;
  const page = (formulas: FormulaPlan): string => pageHtml(report, options, { formulas, strict, samples: report.run?.samples ?? null });
  // The page without typeset formulas is cheap to build; what it leaves of the target goes to KaTeX.
  const budget = options.typesetBudgetBytes ?? Math.max(0, PAGE_TARGET_BYTES - page(NO_FORMULAS).length);
  return page(planFormulas(report, strict, budget));
}

function pageHtml(report: Report, options: HtmlOptions, ctx: PageContext): string {
  const title = escapeHtml(options.title ?? 'deriva report');
  const files = report.files.length;
  const meta = `${files} file${files === 1 ? '' : 's'} · ${report.summary.steps} step${report.summary.steps === 1 ? '' : 's'} · seed ${report.seed}`
    + (report.run ? ` · deriva ${report.run.deriva}` : '');
  const untypeset = ctx.formulas.untypeset;
  const sizeNote = untypeset > 0
    ? `<p class="meta">${untypeset} formula${untypeset === 1 ? ' is' : 's are'} shown as LaTeX source to keep this page small (the steps that fail were typeset first).</p>`
    : '';
  return '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
    + '<meta name="viewport" content="width=device-width, initial-scale=1">'
    + `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`
    + '<meta name="generator" content="deriva">'
    + `<title>${title}</title>`
    + `<style>${inlinedKatexCss()}</style><style>${PAGE_CSS}</style></head>\n<body>`
    + `<header class="report-head"><h1>${title}</h1><p class="meta">${escapeHtml(meta)}</p>`
    + sizeNote
    + countsList(report.summary)
    + fileIndex(ctx, report.files)
    + '</header>\n<main>'
    + report.files.map((f, k) => fileHtml(ctx, f, k)).join('\n')
    + '</main>\n</body></html>\n';
}
