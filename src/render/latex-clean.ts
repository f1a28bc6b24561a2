/**
 * Makes untrusted LaTeX fit to be re-emitted inside our own align* rows and
 * \text{} margins. A submission's formula must not break the row structure
 * (a stray `&`, `\\` or `%`), nor reach TeX's file, shell or catcode
 * machinery when a TA compiles the annotated output (`\input`, `\write18`,
 * `\catcode`, `^^` escapes). Owns this cleaning only; it never parses maths.
 */

/** Control words that read or write files, change how TeX reads input, or define code. */
const DENIED_WORDS: ReadonlySet<string> = new Set([
  'input', 'include', 'InputIfFileExists', 'includegraphics', 'openin', 'openout', 'closein', 'closeout',
  'read', 'readline', 'write', 'immediate', 'special', 'catcode', 'lccode', 'uccode', 'csname', 'endcsname',
  'def', 'edef', 'gdef', 'xdef', 'let', 'futurelet', 'expandafter', 'noexpand', 'newcommand', 'renewcommand',
  'providecommand', 'DeclareRobustCommand', 'DeclareMathOperator', 'usepackage', 'RequirePackage',
  'documentclass', 'directlua', 'latelua', 'shipout', 'output', 'everypar', 'everymath', 'everydisplay',
  'everyeof', 'everyjob', 'everycr', 'jobname', 'endinput', 'scantokens', 'afterassignment', 'aftergroup',
  'uppercase', 'lowercase', 'href', 'url', 'outer', 'long', 'global', 'loop', 'newread', 'newwrite',
  'end', 'begin', 'halign', 'valign', 'cr', 'crcr', 'span', 'omit', 'noalign', 'tabskip', 'par', 'string',
]);

/** Environments a formula may keep: they hold their own `&` and `\\`, and both amsmath and KaTeX know them. */
const ALLOWED_ENVIRONMENTS: ReadonlySet<string> = new Set([
  'matrix', 'pmatrix', 'bmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'smallmatrix', 'cases', 'array',
  'aligned', 'alignedat', 'gathered', 'split', 'subarray',
]);

/** Letters after a backslash, as TeX reads a control word. */
function controlWordAt(text: string, start: number): string {
  let end = start;
  while (end < text.length && /[A-Za-z]/.test(text[end]!)) end++;
  return text.slice(start, end);
}

/** The `{name}` right after `\begin` / `\end`, or null when there is none on this line. */
function environmentNameAt(text: string, start: number): { name: string; end: number } | null {
  const match = /^\s*\{([A-Za-z*]{1,40})\}/.exec(text.slice(start, start + 64));
  return match ? { name: match[1]!, end: start + match[0].length } : null;
}

const removed = (what: string): string => ` \\text{[${what} removed]} `;

/**
 * One formula as a single line of LaTeX that is safe to put in an align* cell:
 * comments, `$`, `#` and alignment marks outside an allowed environment dropped,
 * dangerous control words and `^^` escapes replaced by a visible marker, and
 * braces and allowed environments left open closed.
 * Linear in the input; never throws.
 */
export function cleanFormula(untrusted: string): string {
  // TeX reads `^^69` as `i` before anything else, so `\^^69nput` is `\input`: remove these first.
  const latex = untrusted.replace(/\^\^+/g, removed('caret escape'));
  let out = '';
  const open: string[] = [];
  let braces = 0;
  let i = 0;
  while (i < latex.length) {
    const c = latex[i]!;
    if (c === '%') {
      while (i < latex.length && latex[i] !== '\n') i++;
      continue;
    }
    if (c === '$' || c === '#' || (c === '&' && open.length === 0)) {
      out += ' ';
      i++;
      continue;
    }
    if (c === '{' || c === '}') {
      const closesNothing = c === '}' && braces === 0;
      braces += c === '{' ? 1 : closesNothing ? 0 : -1;
      out += closesNothing ? ' ' : c;
      i++;
      continue;
    }
    if (c !== '\\') {
      out += /\s/.test(c) ? ' ' : c;
      i++;
      continue;
    }
    const word = controlWordAt(latex, i + 1);
    if (word === '') {
      const symbol = latex[i + 1] ?? '';
      if (symbol === '\\' && open.length === 0) out += ' ';
      else if (symbol === '') out += ' ';
      // A control space becomes `~` (the same space in math mode), so trimming can never leave a lone `\`.
      else if (/\s/.test(symbol)) out += '~';
      else out += `\\${symbol}`;
      i += 1 + symbol.length;
      continue;
    }
    const after = i + 1 + word.length;
    if (word === 'begin' || word === 'end') {
      const env = environmentNameAt(latex, after);
      const opens = word === 'begin';
      if (env && ALLOWED_ENVIRONMENTS.has(env.name) && (opens || open.at(-1) === env.name)) {
        if (opens) open.push(env.name);
        else open.pop();
        out += `\\${word}{${env.name}}`;
        i = env.end;
        continue;
      }
    }
    out += DENIED_WORDS.has(word) ? removed(word) : `\\${word}`;
    i = after;
  }
  // Close what the formula left open, so the row after it still belongs to our align*.
  out += '}'.repeat(braces);
  for (const name of open.reverse()) out += ` \\end{${name}}`;
  return out.replace(/ {2,}/g, ' ').trim();
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '$': '\\$', '&': '\\&', '#': '\\#',
  '%': '\\%', '_': '\\_', '^': '\\textasciicircum{}', '~': '\\textasciitilde{}',
  // In the default OT1 encoding these print as other glyphs (|x| as —x—, < as ¡).
  '|': '\\textbar{}', '<': '\\textless{}', '>': '\\textgreater{}',
};

/** Characters outside ASCII that messages use, as pdfLaTeX can set them without extra packages. */
const UNICODE_TEXT: Readonly<Record<string, string>> = {
  '≤': '$\\le$', '≥': '$\\ge$', '≠': '$\\ne$', '≈': '$\\approx$', '∝': '$\\propto$', '≔': '$:=$',
  '→': '$\\to$', '⇒': '$\\Rightarrow$', '⇔': '$\\Leftrightarrow$', '∞': '$\\infty$', '−': '-', '×': '$\\times$',
  '·': '$\\cdot$', '∈': '$\\in$', '∑': '$\\sum$', '√': '$\\surd$',
  '“': '``', '”': "''", '‘': '`', '’': "'", '—': '---', '–': '--', '…': '\\dots{}', '✓': '$\\checkmark$', '✗': '$\\times$',
  'α': '$\\alpha$', 'β': '$\\beta$', 'γ': '$\\gamma$', 'δ': '$\\delta$', 'ε': '$\\varepsilon$', 'θ': '$\\theta$',
  'λ': '$\\lambda$', 'μ': '$\\mu$', 'π': '$\\pi$', 'σ': '$\\sigma$', 'φ': '$\\phi$', 'Σ': '$\\Sigma$',
};

export interface TextOptions {
  /** Let a line break after each `/` (long file paths in headings). */
  readonly breakAfterSlash?: boolean;
}

/**
 * Plain text for `\text{...}` or a paragraph: TeX specials escaped so that they
 * print as written, whitespace collapsed, common mathematical characters as
 * their LaTeX, and any other character outside printable ASCII shown as `?`
 * (pdfLaTeX cannot set arbitrary Unicode without extra packages).
 */
export function escapeLatexText(text: string, options: TextOptions = {}): string {
  let out = '';
  for (const ch of text.replace(/\s+/g, ' ')) {
    const escaped = TEXT_ESCAPES[ch] ?? UNICODE_TEXT[ch];
    if (escaped !== undefined) out += escaped;
    else if (ch === '/' && options.breakAfterSlash) out += '/\\allowbreak{}';
    else if (ch >= ' ' && ch <= '~') out += ch;
    else out += '?';
  }
  return out;
}

/** Text for a `%` comment line: one physical line, nothing that ends the comment. */
export function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}
