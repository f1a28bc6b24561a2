/**
 * Rendering end to end. The HTML report in a real browser (Debian's headless
 * Chromium through playwright-core): no KaTeX error, a mark on every step, no
 * request leaving the page, no sideways scroll at phone width, proofs open in
 * print; screenshots go to test-artifacts/ for a human to look at. Shown for
 * the hand-made fixture and for derivations/ as the real checker reports it;
 * that report also goes through the annotated LaTeX (KaTeX parse, pdflatex).
 * derivations/ is checked once here, since checking is the slow part.
 * The browser part skips, saying why, where /usr/bin/chromium is absent
 * (.ci/install-chromium.sh installs it).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/check/report.js';
import { renderHtml, renderLatex, renderLatexDocument } from '../src/render/index.js';
import { derivationsReport, stepCount } from './render-derivations.js';
import { FIXTURE_REPORT } from './render-fixture.js';
import { alignBodies, compileWithPdflatex, hasPdflatex, parsesWithKatex, PDFLATEX_MISSING } from './render-latex-tools.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.log(`browser.test.ts skipped: ${CHROMIUM} is missing (run .ci/install-chromium.sh)`);
if (!hasPdflatex) console.log(`browser.test.ts: ${PDFLATEX_MISSING}`);

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
/** Full-page screenshots and a PDF on a shared 2-core machine take a while; this only guards against a hang. */
const BROWSER_TIMEOUT_MS = 180_000;

interface PageFacts {
  readonly katexErrors: number;
  readonly steps: number;
  readonly stepsWithMark: number;
  readonly handlers: string[];
  readonly links: string[];
  readonly scripts: number;
  readonly pageOverflow: number;
  readonly katexFontLoaded: boolean;
  /** Formulas wider than their box, and how many of those show the edge shadows that say so. */
  readonly wideFormulas: number;
  readonly wideFormulasWithCue: number;
}

/** What the rendered page holds, read from the live DOM. */
function pageFacts(page: Page): Promise<PageFacts> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const all = [...document.querySelectorAll('*')];
    const steps = [...document.querySelectorAll('.step')];
    const marked = steps.filter((s) => {
      const mark = s.querySelector('.gutter.mark')?.textContent?.trim() ?? '';
      const label = s.querySelector('.info .label')?.textContent?.trim() ?? '';
      return mark !== '' && label !== '';
    });
    return {
      katexErrors: document.querySelectorAll('.katex-error').length,
      steps: steps.length,
      stepsWithMark: marked.length,
      handlers: all.flatMap((el) => el.getAttributeNames().filter((n) => n.startsWith('on')).map((n) => `${el.tagName}.${n}`)),
      links: [...document.querySelectorAll('[href], [src]')].map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? ''),
      scripts: document.scripts.length,
      pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
      katexFontLoaded: [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'KaTeX_Main' && f.status === 'loaded'),
      ...((): { wideFormulas: number; wideFormulasWithCue: number } => {
        const wide = [...document.querySelectorAll('.formula')].filter((f) => f.scrollWidth > f.clientWidth + 1);
        const cued = wide.filter((f) => {
          const style = getComputedStyle(f);
          return style.overflowX === 'auto' && (style.backgroundImage.match(/radial-gradient/g) ?? []).length === 2 && style.backgroundAttachment.includes('local');
        });
        return { wideFormulas: wide.length, wideFormulasWithCue: cued.length };
      })(),
    };
  });
}

/** The report of derivations/, or why there is none. Filled once before the tests of this file. */
let derivations: Report | string = 'not checked yet';
beforeAll(async () => {
  derivations = await derivationsReport();
  if (typeof derivations === 'string') console.log(`browser.test.ts: derivations/ not rendered: ${derivations}`);
}, 600_000);

describe('derivations/ as annotated LaTeX', () => {
  it('parses with KaTeX derivation by derivation', (ctx) => {
    if (typeof derivations === 'string') return ctx.skip();
    expect(stepCount(derivations)).toBeGreaterThan(0);
    for (const file of derivations.files) {
      const bodies = alignBodies(renderLatex(file));
      expect(bodies).toHaveLength(file.derivations.filter((d) => d.steps.length > 0).length);
      for (const body of bodies) {
        expect(() => parsesWithKatex(`\\begin{align*}\n${body}\n\\end{align*}`), `${file.path}: ${body}`).not.toThrow();
      }
    }
  });

  // What `deriva render FILE --latex` prints for each file: it compiles, and nothing sticks out of the page.
  it.skipIf(!hasPdflatex)('compiles with pdflatex file by file, with no overfull box over 10pt', (ctx) => {
    if (typeof derivations === 'string') return ctx.skip();
    for (const file of derivations.files) {
      const result = compileWithPdflatex(renderLatexDocument([file]));
      expect(result.log, file.path).toBe('');
      expect(result.ok, file.path).toBe(true);
      expect(result.overfull, file.path).toEqual([]);
    }
  });
});

describe.skipIf(!hasChromium)('the HTML report in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Open `html` at a viewport, refusing every request that is not a data: URL; returns the page and what it tried to fetch. */
  async function open(html: string, viewport: { width: number; height: number }): Promise<{ page: Page; requests: string[] }> {
    const page = await browser.newPage({ viewport });
    const requests: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('data:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    page.on('request', (r) => { if (!r.url().startsWith('data:')) requests.push(r.url()); });
    await page.setContent(html, { waitUntil: 'load' });
    return { page, requests };
  }

  async function checkReport(report: Report, name: string): Promise<void> {
    const html = renderHtml(report, { title: `deriva: ${name}` });
    writeFileSync(join(ARTIFACTS, `${name}.html`), html);

    const desktop = await open(html, DESKTOP);
    const facts = await pageFacts(desktop.page);
    expect(facts.katexErrors).toBe(0);
    expect(facts.steps).toBe(stepCount(report));
    expect(facts.stepsWithMark).toBe(facts.steps);
    expect(facts.handlers).toEqual([]);
    expect(facts.scripts).toBe(0);
    expect(facts.links.filter((l) => !l.startsWith('#'))).toEqual([]);
    expect(facts.katexFontLoaded).toBe(true);
    await desktop.page.screenshot({ path: join(ARTIFACTS, `${name}-desktop.png`), fullPage: true });

    const proofsShown = (): Promise<boolean[]> => desktop.page.evaluate(() =>
      [...document.querySelectorAll("details.proof ol")].map((ol) => ol.checkVisibility()));
    expect((await proofsShown()).some((shown) => shown)).toBe(false);
    await desktop.page.emulateMedia({ media: 'print' });
    expect((await proofsShown()).every((shown) => shown)).toBe(true);
    await desktop.page.pdf({ path: join(ARTIFACTS, `${name}-print.pdf`), format: 'A4' });
    await desktop.page.screenshot({ path: join(ARTIFACTS, `${name}-print.png`), fullPage: true });
    expect(desktop.requests).toEqual([]);
    await desktop.page.close();

    const phone = await open(html, PHONE);
    const phoneFacts = await pageFacts(phone.page);
    expect(phoneFacts.pageOverflow).toBeLessThanOrEqual(0);
    // At 375 px a long formula scrolls inside its own box, with a shadow at the edge where more is hidden.
    expect(phoneFacts.wideFormulas).toBeGreaterThan(0);
    expect(phoneFacts.wideFormulasWithCue).toBe(phoneFacts.wideFormulas);
    await phone.page.screenshot({ path: join(ARTIFACTS, `${name}-phone.png`), fullPage: true });
    // One phone screen around the first wrong step (or the top): what a reader sees first, at real size.
    await phone.page.evaluate(() => document.querySelector('.first-wrong')?.scrollIntoView());
    await phone.page.screenshot({ path: join(ARTIFACTS, `${name}-phone-screen.png`) });
    expect(phone.requests).toEqual([]);
    await phone.page.close();
  }

  it('shows the hand-made report of every verdict with marks, no KaTeX error and no request', async () => {
    await checkReport(FIXTURE_REPORT, 'report-fixture');
  }, BROWSER_TIMEOUT_MS);

  it('shows the report of derivations/ from the real checker', async (ctx) => {
    if (typeof derivations === 'string') return ctx.skip();
    expect(stepCount(derivations)).toBeGreaterThan(0);
    await checkReport(derivations, 'report-derivations');
  }, BROWSER_TIMEOUT_MS);
});
