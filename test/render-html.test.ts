import { describe, expect, it } from 'vitest';
import { renderHtml } from '../src/render/index.js';
import { BROKEN_FILE, FIXTURE_REPORT, KL_FILE, MIXED_FILE, report } from './render-fixture.js';
import { expectPageToContain, tagsOf, unsafeParts } from './render-html-audit.js';

const html = renderHtml(FIXTURE_REPORT, { title: 'Homework 3' });
const stepCount = FIXTURE_REPORT.files.flatMap((f) => f.derivations.flatMap((d) => d.steps)).length;

/** The HTML of one step, from its id to the next step or row. */
function stepHtml(page: string, id: string): string {
  const start = page.indexOf(`id="${id}"`);
  expect(start).toBeGreaterThan(0);
  const next = page.slice(start + 1).search(/<div class="(step|start)[ "]|<\/section>/);
  return page.slice(start, start + 1 + next);
}

describe('renderHtml: one self-contained page', () => {
  it('inlines KaTeX CSS and woff2 fonts and refers to nothing outside the page', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expectPageToContain(html, '.katex{');
    expect(html.match(/url\(data:font\/woff2;base64,/g)?.length).toBeGreaterThanOrEqual(20);
    expect(/url\((?!data:)/.test(html)).toBe(false);
    expect(tagsOf(html).filter((t) => t.name === 'link' || t.name === 'script')).toEqual([]);
    expect(unsafeParts(html)).toEqual([]);
  });

  it('forbids scripts and fetches through a Content-Security-Policy', () => {
    const csp = tagsOf(html).find((t) => t.attributes.get('http-equiv') === 'Content-Security-Policy');
    expect(csp?.attributes.get('content')).toContain("default-src 'none'");
  });

  it('is deterministic: the same report gives the same bytes', () => {
    expect(renderHtml(FIXTURE_REPORT, { title: 'Homework 3' })).toBe(html);
  });
});

describe('renderHtml: steps', () => {
  it('gives every step a mark with a text label, and typesets it without KaTeX errors', () => {
    const marks = tagsOf(html).filter((t) => t.attributes.get('class')?.startsWith('gutter mark v-'));
    expect(marks).toHaveLength(stepCount);
    for (const m of marks) expect(m.attributes.get('aria-label')).toMatch(/^(proved|confirmed|refuted|unverified|error|definition)$/);
    expect(html.includes('katex-error')).toBe(false);
    for (const mark of ['✓', '≈', '✗', '?', '!', '≔']) expectPageToContain(html, `>${mark}</div>`);
  });

  it('shows a definition as a definition, not as a proved step', () => {
    const definition = stepHtml(html, 'f2-d2-s1');
    expectPageToContain(html, '<div class="step is-definition" id="f2-d2-s1">');
    expect(definition).toContain('title="definition" aria-label="definition">≔</div>');
    expect(definition).toContain('<span class="label v-definition">definition</span>');
    expect(definition).toContain('defines \\alpha_t');
  });

  it('shows an expected refutation as passing and an unmet expectation as the wrong step', () => {
    const met = stepHtml(html, 'f2-d3-s1');
    expectPageToContain(html, '<div class="step is-refuted expected-met" id="f2-d3-s1">');
    expect(met).toContain('>refuted (expected)</span>');
    expect(met).not.toContain('first-wrong');
    const unmet = stepHtml(html, 'f2-d3-s2');
    expectPageToContain(html, '<div class="step is-proved expected-unmet first-wrong" id="f2-d3-s2">');
    expect(unmet).toContain('>proved, but a refutation was expected</span>');
  });

  it('shows what a justification cites: quietly when used, as a warning when not or when unknown', () => {
    expect(stepHtml(html, 'f1-d1-s1')).toContain('<span class="cite used">cites <span class="rule">def-kl</span> ✓</span>');
    expect(stepHtml(html, 'f1-d1-s3')).toContain('<span class="cite warn"><span aria-hidden="true">⚠</span> &quot;Jensn&quot; names no rule; closest: jensen</span>');
    expect(stepHtml(html, 'f2-d2-s3')).toContain('“Jensen” cites jensen, which this step&#39;s proof did not use');
  });

  it('shows a relation as its symbol with its words for screen readers', () => {
    expect(stepHtml(html, 'f2-d1-s3')).toContain('<span class="rel" role="img" aria-label="is at most">≤</span>');
  });

  it('shows a formula KaTeX cannot parse as escaped source with a note', () => {
    const bad = stepHtml(html, 'f2-d2-s8');
    expectPageToContain(html, '<code>\\frac{a}{</code>');
    expect(bad).toContain('missing } at 28:5');
  });

  it('names every step by path:line', () => {
    expect(stepHtml(html, 'f1-d1-s2')).toContain('>derivations/kl-cross-entropy.tex:5</a>');
    expect(stepHtml(html, 'f2-d1-s2')).toContain('>submissions/alice &lt;b&gt;&amp;&lt;/b&gt; bob.md:12</a>');
  });

  it('lists a proof\'s rules and opens to each intermediate expression, typeset', () => {
    const proved = stepHtml(html, 'f1-d1-s2');
    expect(proved).toContain('by log-quotient, sum-split');
    const details = /<details class="proof">([\s\S]*?)<\/details>/.exec(proved)?.[1] ?? '';
    expect(details).toContain('Proof: 2 rule applications');
    expect(details.match(/<li>/g)).toHaveLength(2);
    expect(details.match(/class="katex-display"/g)).toHaveLength(2);
    expect(details).toContain('<span class="rule">sum-split</span>');
  });

  it('tabulates a counterexample with both sides\' values and the seed', () => {
    const refuted = stepHtml(html, 'f2-d1-s2');
    expect(refuted).toContain('Counterexample (replay with --seed 7)');
    expect(refuted).toMatch(/<th scope="row">left side<\/th><td class="num">4<\/td>/);
    expect(refuted).toMatch(/<th scope="row">right side<\/th><td class="num">2<\/td>/);
    expect(refuted.match(/<td class="num">1<\/td>/g)).toHaveLength(2);
  });

  it('shows confirmed steps with their sample count and largest error', () => {
    expect(stepHtml(html, 'f1-d1-s3')).toContain('200 samples, max error 3.2e-13');
  });

  it('starts a new row with the left side only when it is not the previous right side', () => {
    const derivation = /<section class="derivation" id="f1-d1"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(derivation.match(/<div class="start">/g)).toHaveLength(1);
  });
});

describe('renderHtml: finding the first wrong step', () => {
  it('highlights only the first wrong step of each derivation and links it from the top of the file', () => {
    expectPageToContain(html, '<div class="step is-refuted first-wrong" id="f2-d1-s2">');
    expectPageToContain(html, '<div class="step is-refuted" id="f2-d1-s4">');
    // square: the refuted step; relations: the unreadable one; planted: the expectation not met.
    expect(html.match(/class="step [a-z -]+ first-wrong"/g)).toHaveLength(3);
    const file = /<section class="file" id="f2">[\s\S]*?<section class="derivation"/.exec(html)?.[0] ?? '';
    expectPageToContain(file, '<a href="#f2-d1-s2">submissions/alice &lt;b&gt;&amp;&lt;/b&gt; bob.md:12</a> in square');
  });

  it('says so when a file has no wrong step', () => {
    const file = /<section class="file" id="f1">[\s\S]*?<section class="derivation"/.exec(html)?.[0] ?? '';
    expectPageToContain(file, 'No wrong step.');
    expect(file).not.toContain('first-wrong-links');
  });

  it('links only to anchors that exist on the page', () => {
    const ids = new Set(tagsOf(html).map((t) => t.attributes.get('id')).filter((id) => id !== undefined));
    const targets = tagsOf(html).map((t) => t.attributes.get('href')).filter((h): h is string => h !== undefined);
    expect(targets.length).toBeGreaterThan(stepCount);
    for (const href of targets) expect(ids.has(href.slice(1))).toBe(true);
  });
});

describe('renderHtml: summaries and file problems', () => {
  it('counts steps per verdict overall and per file', () => {
    const overall = /<header[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';
    const s = FIXTURE_REPORT.summary;
    expectPageToContain(overall, `proved <b>${s.proved}</b>`);
    expectPageToContain(overall, `refuted <b>${s.refuted}</b>`);
    expectPageToContain(overall, `error <b>${s.errors}</b>`);
    expectPageToContain(overall, '3 files · 18 steps · seed 7');
    expectPageToContain(overall, 'refuted as expected <b>1</b>');
    expectPageToContain(overall, 'expected refutation not met <b>1</b>');
    const kl = /<section class="file" id="f1">[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
    expectPageToContain(kl, 'proved <b>2</b>');
    expectPageToContain(kl, 'confirmed <b>1</b>');
  });

  it('shows a file that cannot be read, and read problems, with line and column', () => {
    expectPageToContain(html, 'submissions/empty.tex:3:1: unbalanced \\begin{align}');
    expectPageToContain(html, '<li>submissions/alice &lt;b&gt;&amp;&lt;/b&gt; bob.md:2:9: undefined macro \\foo</li>');
  });

  it('renders an empty report and a single file without an index', () => {
    const empty = renderHtml(report([]));
    expectPageToContain(empty, '0 files · 0 steps');
    expect(unsafeParts(empty)).toEqual([]);
    const single = renderHtml(report([KL_FILE]));
    expect(single.includes('class="file-index"')).toBe(false);
    expectPageToContain(renderHtml(report([KL_FILE, MIXED_FILE, BROKEN_FILE])), 'class="file-index"');
  });

  it('indexes several files in a table: counts and a link to the first wrong line', () => {
    const index = /<table class="file-index">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    const rows = index.match(/<tr[ >][\s\S]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(4);
    expect(rows[1]).toBe('<tr><th scope="row"><a href="#f1">derivations/kl-cross-entropy.tex</a></th>'
      + '<td class="n">2</td><td class="n">1</td><td class="n">0</td><td class="n">0</td><td class="n">0</td><td></td></tr>');
    expect(rows[2]).toContain('<a href="#f2-d1-s2">line 12</a>');
    expect(rows[2]).toContain('<tr class="attention">');
    expect(rows[3]).toContain('<a href="#f3">line 3</a>');
  });

  it('uses "deriva report" as the default title and escapes a given one', () => {
    expectPageToContain(renderHtml(report([])), '<title>deriva report</title>');
    expectPageToContain(renderHtml(report([]), { title: '<i>x</i>' }), '<title>&lt;i&gt;x&lt;/i&gt;</title>');
  });
});
