/**
 * Untrusted LaTeX → HTML through KaTeX, under one fixed safety policy: no
 * trusted commands (no links, no images, no HTML attributes), bounded macro
 * expansion and sizes, a fresh macro table per formula (so `\gdef` in one
 * step cannot reach the next), and a length budget. A formula KaTeX cannot
 * typeset comes back as its escaped source in <code> with a note — never a
 * `.katex-error` span, never a thrown error. Also owns HTML escaping.
 */
import katex from 'katex';

/** Longest formula typeset, in characters; longer ones are shown as source. */
const MAX_FORMULA_LENGTH = 8000;

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
};

/** Text or attribute value made inert: every markup character escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** What the renderer knows about one typesetting attempt. */
export interface Typeset {
  readonly html: string;
  /** False when the source was shown instead (KaTeX could not parse it, or it was too long). */
  readonly typeset: boolean;
}

function asSource(latex: string, why: string): Typeset {
  const html = `<span class="tex-source"><code>${escapeHtml(latex)}</code>`
    + `<span class="tex-note">(${escapeHtml(why)}; shown as written)</span></span>`;
  return { html, typeset: false };
}

/**
 * Typeset `latex` with KaTeX. We ask KaTeX to throw on a parse error (rather
 * than `throwOnError: false`, which would emit a red `.katex-error` span) so
 * that we can show the source instead; any other error KaTeX raises (a
 * stack overflow on absurd nesting) is caught the same way.
 */
export function typeset(latex: string, displayMode: boolean): Typeset {
  if (latex.length > MAX_FORMULA_LENGTH) return asSource(latex, `longer than ${MAX_FORMULA_LENGTH} characters`);
  try {
    const html = katex.renderToString(latex, {
      displayMode,
      throwOnError: true,
      trust: false,
      strict: 'ignore',
      maxExpand: 1000,
      maxSize: 10,
      macros: {},
      output: 'htmlAndMathml',
    });
    return { html, typeset: true };
  } catch (e) {
    const reason = e instanceof katex.ParseError ? 'KaTeX cannot typeset this' : 'too complex to typeset';
    return asSource(latex, reason);
  }
}
