/**
 * The vocabulary of math LaTeX that the parser and printer share: which
 * commands are letters, accents, fonts, relations, decoration, and which
 * Unicode characters stand for which command.
 *
 * Owns: plain lookup tables (data). Must not: parse, print or know Expr.
 * Adding a Greek letter, an accent alias or a Unicode character touches only
 * this file.
 */

/** Commands that name a symbol by themselves (Greek letters and a few others). */
export const LETTER_COMMANDS: ReadonlySet<string> = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta',
  'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'pi', 'varpi', 'rho', 'varrho', 'sigma', 'varsigma',
  'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega',
  'ell', 'infty', 'emptyset', 'varnothing', 'hbar', 'imath', 'jmath',
].map((n) => `\\${n}`));

/** Accent commands → the canonical accent used in names (`\overline` is written `\bar`). */
export const ACCENTS: ReadonlyMap<string, string> = new Map([
  ['\\hat', '\\hat'], ['\\widehat', '\\hat'],
  ['\\tilde', '\\tilde'], ['\\widetilde', '\\tilde'],
  ['\\bar', '\\bar'], ['\\overline', '\\bar'],
  ['\\check', '\\check'], ['\\dot', '\\dot'], ['\\ddot', '\\ddot'], ['\\breve', '\\breve'],
]);

/** Bold / vector marks: dropped from the name, kept as a kind hint. */
export const BOLD_FONTS: ReadonlySet<string> = new Set(['\\mathbf', '\\boldsymbol', '\\bm', '\\mathbfit', '\\vec', '\\pmb']);

/** Letter-shape fonts that become part of the name: `\mathcal{X}`. `\cal` is the old switch form. */
export const SHAPE_FONTS: ReadonlyMap<string, string> = new Map([
  ['\\mathcal', '\\mathcal'], ['\\cal', '\\mathcal'], ['\\mathbb', '\\mathbb'], ['\\Bbb', '\\mathbb'],
  ['\\mathscr', '\\mathscr'], ['\\mathfrak', '\\mathfrak'],
]);

/** Commands whose braced argument is read as an upright word: `\text{const}`, `\operatorname{tr}`. */
export const WORD_COMMANDS: ReadonlySet<string> = new Set([
  '\\text', '\\textrm', '\\textit', '\\textbf', '\\mathrm', '\\mathit', '\\mathsf', '\\mathtt',
  '\\operatorname', '\\operatorname*', '\\mathop', '\\textnormal',
]);

/** Pure spacing/size decoration: removed before parsing. */
export const DECORATION: ReadonlySet<string> = new Set([
  '\\left', '\\right', '\\middle', '\\big', '\\Big', '\\bigg', '\\Bigg',
  '\\bigl', '\\bigr', '\\Bigl', '\\Bigr', '\\biggl', '\\biggr', '\\Biggl', '\\Biggr',
  '\\bigm', '\\Bigm', '\\quad', '\\qquad', '\\,', '\\!', '\\;', '\\:', '\\>', '\\ ',
  '\\displaystyle', '\\textstyle', '\\scriptstyle', '\\limits', '\\nolimits', '\\nonumber', '\\notag',
  '\\allowbreak', '\\rm', '\\it', '\\mathstrut', '\\\\', '\\cr',
]);
/** Sizing commands after which a `.` (the empty delimiter) is dropped too. */
export const DELIMITER_SIZERS: ReadonlySet<string> = new Set([
  '\\left', '\\right', '\\middle', '\\big', '\\Big', '\\bigg', '\\Bigg',
  '\\bigl', '\\bigr', '\\Bigl', '\\Bigr', '\\biggl', '\\biggr', '\\Biggl', '\\Biggr',
]);
/** Commands removed together with their first braced argument (`\color{red}`, `\label{x}`). */
export const DROP_WITH_ARGUMENT: ReadonlySet<string> = new Set([
  '\\color', '\\textcolor', '\\label', '\\hspace', '\\vspace', '\\hspace*', '\\phantom', '\\hphantom', '\\vphantom',
]);

/** Alternative spellings of the same delimiter command. */
export const COMMAND_ALIASES: ReadonlyMap<string, string> = new Map([
  ['\\lVert', '\\|'], ['\\rVert', '\\|'], ['\\Vert', '\\|'], ['\\parallel', '\\|'],
  ['\\lvert', '|'], ['\\rvert', '|'], ['\\vert', '|'],
  ['\\lbrace', '\\{'], ['\\rbrace', '\\}'], ['\\lbrack', '['], ['\\rbrack', ']'],
  ['\\lparen', '('], ['\\rparen', ')'],
  ['\\dfrac', '\\frac'], ['\\tfrac', '\\frac'], ['\\cfrac', '\\frac'], ['\\dbinom', '\\binom'], ['\\tbinom', '\\binom'],
  ['\\ldots', '\\dots'], ['\\cdots', '\\dots'], ['\\dotsc', '\\dots'], ['\\dotsb', '\\dots'],
  ['\\varepsilon', '\\epsilon'], ['\\le', '\\leq'], ['\\ge', '\\geq'], ['\\ne', '\\neq'],
  ['\\lt', '<'], ['\\gt', '>'], ['\\ast', '*'],
]);

/** Unicode characters → the LaTeX they abbreviate (a command, or a single symbol character). */
export const UNICODE: ReadonlyMap<string, string> = new Map([
  ['α', '\\alpha'], ['β', '\\beta'], ['γ', '\\gamma'], ['δ', '\\delta'], ['ε', '\\epsilon'], ['ϵ', '\\epsilon'],
  ['ζ', '\\zeta'], ['η', '\\eta'], ['θ', '\\theta'], ['ι', '\\iota'], ['κ', '\\kappa'], ['λ', '\\lambda'],
  ['μ', '\\mu'], ['ν', '\\nu'], ['ξ', '\\xi'], ['π', '\\pi'], ['ρ', '\\rho'], ['σ', '\\sigma'],
  ['τ', '\\tau'], ['υ', '\\upsilon'], ['φ', '\\phi'], ['ϕ', '\\phi'], ['χ', '\\chi'], ['ψ', '\\psi'], ['ω', '\\omega'],
  ['Γ', '\\Gamma'], ['Δ', '\\Delta'], ['Θ', '\\Theta'], ['Λ', '\\Lambda'], ['Ξ', '\\Xi'], ['Π', '\\Pi'],
  ['Σ', '\\Sigma'], ['Φ', '\\Phi'], ['Ψ', '\\Psi'], ['Ω', '\\Omega'], ['ℓ', '\\ell'], ['∞', '\\infty'],
  ['∥', '\\|'], ['‖', '\\|'], ['≤', '\\leq'], ['≥', '\\geq'], ['≠', '\\neq'], ['∈', '\\in'], ['∼', '\\sim'],
  ['∑', '\\sum'], ['∏', '\\prod'], ['∫', '\\int'], ['√', '\\sqrt'], ['∂', '\\partial'], ['∇', '\\nabla'],
  ['·', '\\cdot'], ['⋅', '\\cdot'], ['×', '\\times'], ['−', '-'], ['…', '\\dots'], ['⋯', '\\dots'],
  ['⊤', '\\top'], ['≻', '\\succ'], ['⪰', '\\succeq'], ['∣', '\\mid'], ['∀', '\\forall'],
  ['≺', '\\prec'], ['⪯', '\\preceq'], ['⊆', '\\subseteq'],
]);

/** Double-struck / calligraphic Unicode letters → their font command and letter. */
export const UNICODE_FONT_LETTERS: ReadonlyMap<string, string> = new Map([
  ['ℝ', '\\mathbb{R}'], ['ℕ', '\\mathbb{N}'], ['ℤ', '\\mathbb{Z}'], ['ℚ', '\\mathbb{Q}'], ['ℂ', '\\mathbb{C}'],
  ['𝔼', '\\mathbb{E}'], ['𝒩', '\\mathcal{N}'], ['𝒳', '\\mathcal{X}'], ['𝒰', '\\mathcal{U}'], ['𝒟', '\\mathcal{D}'],
]);

/**
 * LaTeX's named functions the model has no meaning for yet: applied, they are calls of a
 * function of that name (`\sin x` is call(\sin, [x])), which the numeric back-end does not
 * know, so a step using one is never refuted, and proved only by rules. `\log \ln \exp \det`
 * are built-ins and `\min \max \arg` binders (parse.ts).
 */
export const STANDARD_FUNCTIONS: ReadonlySet<string> = new Set([
  'sin', 'cos', 'tan', 'cot', 'sec', 'csc', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh', 'coth',
  'lg', 'dim', 'ker', 'deg', 'gcd', 'hom',
].map((n) => `\\${n}`));

/** Operators with a limit under them (`\lim_{n \to \infty} a_n`, `\sup_{x \in S} f(x)`): opaque calls
 *  whose last argument is the operand, after the parts of the subscript. */
export const LIMIT_OPERATORS: ReadonlySet<string> = new Set(['\\lim', '\\liminf', '\\limsup', '\\inf', '\\sup']);

/** Arrows a limit's subscript reads with (`n \to \infty`). */
export const LIMIT_ARROWS: ReadonlySet<string> = new Set(['\\to', '\\rightarrow', '\\longrightarrow']);

/** Upright words that are operators rather than products of letters, when written bare (`log x`). */
export const BARE_FUNCTION_WORDS: readonly string[] = ['log', 'ln', 'exp'];
