/** Options of one check run; the CLI's settings schema fills them. */
export interface CheckOptions {
  /** Seed of all sampling; the same seed gives the same report byte for byte. */
  readonly seed: number;
  /** Random instances per step. */
  readonly samples: number;
  /** Time budget of one step (proof search plus sampling), in milliseconds. */
  readonly stepBudgetMs: number;
  /** Preamble text whose \newcommand / \DeclareMathOperator definitions apply to every file (--macros). */
  readonly macros: string;
  /** Keep each proof's intermediate expressions (--explain). */
  readonly explain: boolean;
  /** Try proving steps with the rule library (off: numeric only). */
  readonly prove: boolean;
  /** Problem contexts every file is checked in (--context, repeatable; a file's `% context:` adds its own). */
  readonly contexts: readonly string[];
  /** Extra folders of `*.rules` files (a course's own rules), loaded beside the library and property-tested like it. */
  readonly ruleDirs: readonly string[];
}

export const DEFAULT_CHECK_OPTIONS: CheckOptions = {
  seed: 1,
  samples: 200,
  stepBudgetMs: 2000,
  macros: '',
  explain: false,
  prove: true,
  contexts: [],
  ruleDirs: [],
};
