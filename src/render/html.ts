/**
 * The HTML report: one self-contained page (KaTeX CSS and fonts inlined, no
 * script, no external request, a Content-Security-Policy that forbids both)
 * showing every step typeset with its verdict mark, the rules and
 * intermediate expressions of each proof, each counterexample as a table,
 * the first wrong step of every derivation linked from the top of its file,
 * and counts per file and overall. Reads the report only: it never parses
 * or checks maths. All text not typeset by KaTeX goes through escapeHtml.
 * Same report → same bytes (ids come from positions, not from counters).
 */
import type { Counterexample, DerivationReport, FileReport, Report, StepReport, Summary, Verdict } from '../check/report.js';
import { summarize } from '../check/report.js';
import { escapeHtml, typeset } from './formula.js';
import { inlinedKatexCss } from './katex-css.js';
import { PAGE_CSS } from './page-style.js';
import { relationLatex, VERDICT_LOOK, VERDICT_ORDER, formatNumber, stepNote } from './vocabulary.js';

export interface HtmlOptions {
  /** Page title and heading; defaults to "deriva report". */
  readonly title?: string;
}

/** No script may run and nothing may be fetched: styles and fonts are inline, everything else is denied. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

/** Where one step sits, for ids and `path:line` labels. */
interface StepPlace {
  readonly path: string;
  readonly id: string;
}

const stepId = (file: number, derivation: number, step: number): string => `f${file + 1}-d${derivation + 1}-s${step + 1}`;

const displayFormula = (latex: string): string => `<div class="formula">${typeset(latex, true).html}</div>`;

/** Summary counts, one chip per verdict, each with mark and word. */
function countsList(summary: Summary): string {
  const count = (v: Verdict): number => (v === 'error' ? summary.errors : v === 'definition' ? summary.definitions : summary[v]);
  const chips = VERDICT_ORDER.map((v) => {
    const { mark, label } = VERDICT_LOOK[v];
    const n = count(v);
    const cls = n === 0 ? 'none' : `v-${v}`;
    return `<li class="${cls}"><span aria-hidden="true">${mark}</span> ${label} <b>${n}</b></li>`;
  });
  return `<ul class="counts" aria-label="steps per verdict">${chips.join('')}</ul>`;
}

/** The first refuted step of a derivation: what a reader looks for first. */
const firstWrongIndex = (d: DerivationReport): number => d.steps.findIndex((s) => s.verdict === 'refuted');

function counterexampleTable(cex: Counterexample, seed: number): string {
  const symbolRows = Object.entries(cex.assignment).map(([symbol, value]) =>
    `<tr><td>${typeset(symbol, false).html}</td><td class="num">${escapeHtml(formatNumber(value))}</td></tr>`);
  const empty = symbolRows.length === 0 ? '<tr><td colspan="2">(no free symbols)</td></tr>' : '';
  return '<div class="cex-box"><table class="cex">'
    + `<caption>Counterexample (seed ${escapeHtml(String(seed))})</caption>`
    + '<thead><tr><th scope="col">symbol</th><th scope="col">value</th></tr></thead>'
    + `<tbody>${symbolRows.join('')}${empty}</tbody>`
    + '<tbody class="sides">'
    + `<tr><th scope="row">left side</th><td class="num">${escapeHtml(formatNumber(cex.lhs))}</td></tr>`
    + `<tr><th scope="row">right side</th><td class="num">${escapeHtml(formatNumber(cex.rhs))}</td></tr>`
    + '</tbody></table></div>';
}

/** A proof's rule applications, collapsed; each opens to the expression the rule produced. */
function proofDetails(step: StepReport): string {
  if (step.proof.length === 0) return '';
  const items = step.proof.map((p) =>
    `<li><span class="rule">${escapeHtml(p.rule)}</span>${displayFormula(p.result)}</li>`);
  const n = step.proof.length;
  return `<details class="proof"><summary>Proof: ${n} rule application${n === 1 ? '' : 's'}</summary>`
    + `<ol>${items.join('')}</ol></details>`;
}

/** The line under a step's formula: verdict word, `path:line`, and what the verdict rests on. */
function stepInfo(step: StepReport, place: StepPlace, firstWrong: boolean): string {
  const { label } = VERDICT_LOOK[step.verdict];
  const note = stepNote(step);
  const lead = step.verdict === 'proved' && note !== '' ? 'by ' : '';
  const parts = [
    `<span class="label v-${step.verdict}">${label}</span>`,
    `<a class="loc" href="#${place.id}">${escapeHtml(`${place.path}:${step.line}`)}</a>`,
    firstWrong ? '<span class="first-wrong-tag">first wrong step</span>' : '',
    note === '' ? '' : `<span class="note">${lead}${escapeHtml(note)}</span>`,
    step.justification ? `<span class="note">justification: “${escapeHtml(step.justification)}”</span>` : '',
  ];
  return `<div class="info">${parts.filter((p) => p !== '').join('')}</div>`;
}

function stepHtml(step: StepReport, place: StepPlace, firstWrong: boolean, seed: number): string {
  const { mark, label } = VERDICT_LOOK[step.verdict];
  // The verdict colours the mark and the word only; formulas stay in ink.
  const classes = `step is-${step.verdict}${firstWrong ? ' first-wrong' : ''}`;
  const rel = typeset(relationLatex(step.relation), false).html;
  const cex = step.verdict === 'refuted' && step.counterexample ? counterexampleTable(step.counterexample, seed) : '';
  return `<div class="${classes}" id="${place.id}">`
    + `<div class="gutter mark v-${step.verdict}" role="img" title="${label}" aria-label="${label}">${mark}</div>`
    + '<div class="body">'
    + `<div class="math"><span class="rel">${rel}</span>${displayFormula(step.to)}</div>`
    + stepInfo(step, place, firstWrong)
    + proofDetails(step)
    + cex
    + '</div></div>';
}

const startRow = (from: string): string =>
  `<div class="start"><div class="gutter"></div><div class="body"><div class="math">${displayFormula(from)}</div></div></div>`;

function derivationHtml(d: DerivationReport, path: string, fileIndex: number, index: number, seed: number): string {
  const wrong = firstWrongIndex(d);
  const rows: string[] = [];
  let previousTo: string | null = null;
  for (const [k, step] of d.steps.entries()) {
    if (step.from !== previousTo) rows.push(startRow(step.from));
    rows.push(stepHtml(step, { path, id: stepId(fileIndex, index, k) }, k === wrong, seed));
    previousTo = step.to;
  }
  const id = `f${fileIndex + 1}-d${index + 1}`;
  return `<section class="derivation" id="${id}" aria-label="${escapeHtml(d.name)}">`
    + `<h3>${escapeHtml(d.name)} <span class="loc">${escapeHtml(`${path}:${d.line}`)}</span></h3>`
    + `<div class="steps">${rows.join('')}</div></section>`;
}

/** Links to each derivation's first wrong step, at the top of the file's section. */
function firstWrongLinks(file: FileReport, fileIndex: number): string {
  const links = file.derivations.flatMap((d, k) => {
    const wrong = firstWrongIndex(d);
    if (wrong < 0) return [];
    const step = d.steps[wrong]!;
    const where = escapeHtml(`${file.path}:${step.line}`);
    return [`<li><a href="#${stepId(fileIndex, k, wrong)}">${where}</a> in ${escapeHtml(d.name)}</li>`];
  });
  if (links.length === 0) return file.derivations.length > 0 ? '<p class="all-clear">No refuted step.</p>' : '';
  return `<div class="first-wrong-links"><strong>First wrong step${links.length === 1 ? '' : 's'}:</strong><ul>${links.join('')}</ul></div>`;
}

function fileHtml(file: FileReport, index: number, seed: number): string {
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
    + firstWrongLinks(file, index)
    + error
    + (problems.length > 0 ? `<ul class="problems">${problems.join('')}</ul>` : '')
    + none
    + file.derivations.map((d, k) => derivationHtml(d, file.path, index, k, seed)).join('')
    + '</section>';
}

/** With several files, a table of contents linking each file's section, with its counts. */
function fileIndex(files: readonly FileReport[]): string {
  if (files.length < 2) return '';
  const items = files.map((f, k) =>
    `<li><a href="#f${k + 1}"><span class="path">${escapeHtml(f.path)}</span></a>${countsList(summarize([f]))}</li>`);
  return `<nav aria-label="files"><ol class="file-index">${items.join('')}</ol></nav>`;
}

/** One self-contained HTML page for the whole report. Deterministic: the same report gives the same bytes. */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const title = escapeHtml(options.title ?? 'deriva report');
  const files = report.files.length;
  const meta = `${files} file${files === 1 ? '' : 's'} · ${report.summary.steps} step${report.summary.steps === 1 ? '' : 's'} · seed ${report.seed}`;
  return '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
    + '<meta name="viewport" content="width=device-width, initial-scale=1">'
    + `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`
    + '<meta name="generator" content="deriva">'
    + `<title>${title}</title>`
    + `<style>${inlinedKatexCss()}</style><style>${PAGE_CSS}</style></head>\n<body>`
    + `<header class="report-head"><h1>${title}</h1><p class="meta">${escapeHtml(meta)}</p>`
    + countsList(report.summary)
    + fileIndex(report.files)
    + '</header>\n<main>'
    + report.files.map((f, k) => fileHtml(f, k, report.seed)).join('\n')
    + '</main>\n</body></html>\n';
}
