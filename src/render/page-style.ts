/**
 * The report page's own stylesheet (KaTeX's comes from katex-css.ts). Design
 * constraints it encodes: a verdict is a mark + a word + a colour (never
 * colour alone); nothing makes the page scroll sideways at phone width (a
 * long formula scrolls inside its own box, and shadows at its edges show
 * that more is hidden — pure CSS, since the page runs no script); print
 * spends no ink on backgrounds and opens every proof. Plain constant: no
 * logic here.
 */
export const PAGE_CSS = `
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --paper: #ffffff; --tint: #f6f8fa;
  --proved: #1a7f37; --confirmed: #0b62b8; --refuted: #c4201b; --unverified: #8a5a00; --error: #7d3cc8;
  --definition: #3d5a80; --refuted-tint: #fff0ef;
  --row: var(--paper);
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; padding: 1rem; color: var(--ink); background: var(--paper);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  overflow-wrap: anywhere;
}
main, .report-head { max-width: 60rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 0 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
code, .path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .9em; }
a { color: var(--confirmed); }
.meta, .loc { color: var(--muted); font-size: .875rem; }
.loc { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; text-decoration: none; }
.loc:hover { text-decoration: underline; }

.counts { display: flex; flex-wrap: wrap; gap: .25rem .5rem; list-style: none; padding: 0; margin: .5rem 0; }
.counts li { border: 1px solid var(--line); border-radius: 1rem; padding: 0 .6rem; font-size: .875rem; white-space: nowrap; }
.counts li.none { color: var(--muted); border-style: dashed; }
.counts b { font-variant-numeric: tabular-nums; }
.index-box { overflow-x: auto; margin: .5rem 0 0; }
.file-index { border-collapse: collapse; font-size: .875rem; }
.file-index th, .file-index td { border-bottom: 1px solid var(--line); padding: .1rem .5rem; text-align: left; white-space: nowrap; }
.file-index th[scope="row"] { font-weight: 400; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
.file-index .n { text-align: right; font-variant-numeric: tabular-nums; }
.file-index abbr { text-decoration: none; }
.file-index tr.attention th[scope="row"] a { color: var(--refuted); }

.file { border-top: 2px solid var(--line); margin-top: 1.5rem; padding-top: 1rem; }
.first-wrong-links { margin: .5rem 0; padding: .5rem .75rem; border-left: 4px solid var(--refuted); background: var(--refuted-tint); }
.first-wrong-links ul { margin: .25rem 0 0; padding-left: 1.25rem; }
.all-clear { margin: .5rem 0; color: var(--muted); }
.file-error, .problems li { color: var(--error); }
.problems { padding-left: 1.25rem; }

.steps { border-left: 1px solid var(--line); }
.step, .start { display: grid; grid-template-columns: 2rem minmax(0, 1fr); column-gap: .5rem; padding: .35rem .5rem .35rem 0; }
.step { border-top: 1px solid var(--tint); scroll-margin-top: 1rem; }
.gutter { text-align: center; font-weight: 700; font-size: 1.25rem; line-height: 2.2rem; }
.body { min-width: 0; }
.math { display: flex; align-items: center; gap: .5rem; min-width: 0; }
.rel { flex: none; min-width: 1.5rem; text-align: center; font-family: KaTeX_Main, "Times New Roman", serif; font-size: 1.21em; }
/* A formula wider than its box scrolls inside it. The two "local" layers travel with the content
   and cover the two "scroll" shadows while an edge is reached, so a shadow shows exactly where
   more of the formula is hidden. */
.formula {
  flex: 1 1 auto; min-width: 0; overflow-x: auto; overflow-y: hidden; padding: .1rem 0;
  background:
    linear-gradient(to right, var(--row) 50%, transparent) left / 2rem 100% no-repeat local,
    linear-gradient(to left, var(--row) 50%, transparent) right / 2rem 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(0, 0, 0, .45), transparent) left / 1rem 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, .45), transparent) right / 1rem 100% no-repeat scroll;
  background-color: var(--row);
  scrollbar-width: thin;
}
code.tex { display: inline-block; white-space: pre; font-size: .85rem; padding: .2rem 0; }
.formula .katex-display { margin: 0; text-align: left; }
.formula .katex-display > .katex { text-align: left; }
.start .math { padding-left: 2rem; }
.info { display: flex; flex-wrap: wrap; align-items: baseline; gap: .15rem .75rem; font-size: .875rem; }
.label { font-weight: 600; }
.note { color: var(--muted); }
.tex-source code { display: block; white-space: pre-wrap; background: var(--tint); padding: .25rem .4rem; border-radius: 4px; }
.tex-note { display: block; color: var(--muted); font-size: .8rem; }

.v-proved { color: var(--proved); }
.v-confirmed { color: var(--confirmed); }
.v-refuted { color: var(--refuted); }
.v-unverified { color: var(--unverified); }
.v-error { color: var(--error); }
.v-definition { color: var(--definition); }
.v-expected, .mark.expected-met, .label.expected-met { color: var(--proved); }
.mark.expected-unmet, .label.expected-unmet { color: var(--refuted); }
.step.first-wrong { --row: var(--refuted-tint); background: var(--row); box-shadow: inset 4px 0 0 var(--refuted); }
.cite { font-size: .85rem; }
.cite.used { color: var(--muted); }
.cite.warn { color: var(--unverified); font-weight: 600; }
.first-wrong-tag { color: #fff; background: var(--refuted); border-radius: .25rem; padding: 0 .4rem; font-weight: 600; }

.proof { margin: .35rem 0 .15rem; font-size: .9rem; }
.proof summary { cursor: pointer; color: var(--muted); }
.proof ol { margin: .25rem 0; padding-left: 1.5rem; }
.proof li { margin: .25rem 0; }
.rule { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .85rem; }

.cex-box { overflow-x: auto; margin: .35rem 0; }
.cex { border-collapse: collapse; font-size: .9rem; }
.cex caption { text-align: left; font-weight: 600; padding-bottom: .15rem; white-space: nowrap; }
.cex th, .cex td { border: 1px solid var(--line); padding: .15rem .5rem; text-align: left; vertical-align: middle; }
.cex td.num { font-variant-numeric: tabular-nums; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
.cex thead th, .cex .sides th { background: var(--tint); }

@media (max-width: 30rem) {
  body { padding: .6rem; }
  .step, .start { grid-template-columns: 1.5rem minmax(0, 1fr); column-gap: .35rem; }
  .start .math { padding-left: 1.5rem; }
}

@media print {
  body { padding: 0; font-size: 11pt; }
  :root { --tint: transparent; --refuted-tint: transparent; }
  .formula { background: none; }
  a { color: inherit; text-decoration: none; }
  .step { break-inside: avoid; }
  .step.first-wrong { box-shadow: none; border: 2px solid var(--refuted); }
  .first-wrong-tag { color: var(--refuted); background: none; border: 1px solid var(--refuted); }
  .formula, .cex-box { overflow: visible; }
  .proof summary { list-style: none; }
  .proof::details-content { content-visibility: visible; display: block; }
}
`;
