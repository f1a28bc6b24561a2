/**
 * The one diagnostic type: every error a user sees names a file, a line and a
 * column (1-based, in the original file) and says what was expected and found.
 * Also the positioned text the reader hands the parser, so a parse error anywhere in a
 * piece of math names its place in the file.
 */

export interface SourcePos { readonly line: number; readonly column: number }

export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** `file:line:column: message`, the form editors and CI logs link. */
export const formatDiagnostic = (d: Diagnostic): string => `${d.file}:${d.line}:${d.column}: ${d.message}`;

/** An input error raised while reading; carries its position. Never escapes the CLI as a stack trace. */
export class InputError extends Error {
  constructor(message: string, readonly pos: SourcePos) {
    super(message);
    this.name = 'InputError';
  }
}

/** A piece of math LaTeX (macros already expanded, decoration kept for the parser to skip)
 *  and where its characters came from. `spans[k]` says that text from `offset`
 *  on (until the next span) starts at `line:column` of the file. */
export interface MathText {
  readonly latex: string;
  readonly spans: readonly { readonly offset: number; readonly line: number; readonly column: number }[];
}
