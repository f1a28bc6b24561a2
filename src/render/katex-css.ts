/**
 * KaTeX's stylesheet with its fonts inlined as data: URLs, so the HTML report
 * is one file that needs no network. Read from the installed katex package at
 * render time (resolved through Node's module resolution, so it works from
 * src/ under vitest and from dist/ after a build). Only the woff2 fonts are
 * kept: every browser that runs KaTeX's CSS reads woff2.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** `src:url(fonts/X.woff2) format("woff2"),url(fonts/X.woff) …` — the whole src list of one @font-face. */
const FONT_SRC = /src:url\(fonts\/([A-Za-z0-9_-]+)\.woff2\) format\("woff2"\)[^;}]*/g;

/** Every `url(` left after inlining must be a data: URL, or the page would reach for the network. */
function assertNoExternalUrl(css: string): void {
  const external = /url\((?!data:)/.exec(css);
  if (external) throw new Error(`KaTeX CSS still references an external file near: ${css.slice(external.index, external.index + 60)}`);
}

/** The katex.min.css text with fonts inlined. Throws only if the installed katex package is broken. */
export function inlinedKatexCss(): string {
  const cssPath = createRequire(import.meta.url).resolve('katex/dist/katex.min.css');
  const fontDir = join(dirname(cssPath), 'fonts');
  const css = readFileSync(cssPath, 'utf8').replace(FONT_SRC, (_match, font: string) => {
    const data = readFileSync(join(fontDir, `${font}.woff2`)).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  assertNoExternalUrl(css);
  return css;
}
