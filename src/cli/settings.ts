/**
 * The one settings schema of the CLI (KaTeX's Settings.ts is the model): every
 * option's flag, type, default and description lives here, and from it come the
 * argv parser, the defaults, the `--help` text and the `CheckOptions`.
 *
 * Owns: the schema, parsing argv against it, help text. Must not: read files,
 * print, or exit — the commands do that with what this module returns.
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_CHECK_OPTIONS, type CheckOptions } from '../check/options.js';

export type Command = 'check' | 'render' | 'rules';
export const COMMANDS: readonly Command[] = ['check', 'render', 'rules'];

type OptionType = 'boolean' | 'int' | 'string';

interface OptionSpec {
  /** The long flag without `--`; defaults to the schema key. */
  readonly flag?: string;
  readonly short?: string;
  readonly type: OptionType;
  /** A function when the default depends on the machine (the number of cores). */
  readonly default: boolean | number | string | (() => number);
  readonly description: string;
  readonly commands: readonly Command[];
  /** What the value is called in help: FILE, N, MS. */
  readonly valueName?: string;
  readonly min?: number;
  /** A boolean that defaults to true is switched off with `--no-<flag>`. */
  readonly negatable?: boolean;
}

export const SETTINGS_SCHEMA = {
  json: {
    type: 'boolean', default: false, commands: ['check'],
    description: 'print the report as JSON (SPEC shape, version 1) on stdout and nothing else',
  },
  html: {
    type: 'string', default: '', valueName: 'FILE', commands: ['check'],
    description: 'also write a self-contained HTML report (KaTeX) to FILE',
  },
  junit: {
    type: 'string', default: '', valueName: 'FILE', commands: ['check'],
    description: 'also write a JUnit XML report to FILE, one test case per step',
  },
  latexOut: {
    flag: 'latex', type: 'boolean', default: false, commands: ['render'],
    description: 'render annotated LaTeX (align*, verdicts in the margin)',
  },
  htmlOut: {
    flag: 'html', type: 'boolean', default: false, commands: ['render'],
    description: 'render a self-contained KaTeX HTML page',
  },
  output: {
    short: 'o', type: 'string', default: '', valueName: 'FILE', commands: ['render'],
    description: 'write the rendering to FILE instead of stdout',
  },
  seed: {
    type: 'int', default: DEFAULT_CHECK_OPTIONS.seed, min: 0, valueName: 'N', commands: ['check', 'render'],
    description: 'seed of all random sampling; the same seed gives the same report',
  },
  samples: {
    type: 'int', default: DEFAULT_CHECK_OPTIONS.samples, min: 1, valueName: 'N', commands: ['check', 'render'],
    description: 'random instances sampled per step',
  },
  budget: {
    type: 'int', default: DEFAULT_CHECK_OPTIONS.stepBudgetMs, min: 1, valueName: 'MS', commands: ['check', 'render'],
    description: 'time budget of one step (proof search plus sampling), in milliseconds',
  },
  macros: {
    type: 'string', default: '', valueName: 'FILE', commands: ['check', 'render'],
    description: 'a preamble whose \\newcommand / \\DeclareMathOperator definitions apply to every file',
  },
  prove: {
    type: 'boolean', default: DEFAULT_CHECK_OPTIONS.prove, negatable: true, commands: ['check', 'render'],
    // Shown under its negated flag, so it says what switching it off does.
    description: 'do not try to prove steps with the rule library: numeric checking only',
  },
  explain: {
    type: 'boolean', default: DEFAULT_CHECK_OPTIONS.explain, commands: ['check'],
    description: "print each proof's intermediate expressions",
  },
  strict: {
    type: 'boolean', default: false, commands: ['check'],
    description: 'also fail (exit 1) when a step is unverified',
  },
  jobs: {
    type: 'int', default: () => availableParallelism(), min: 1, valueName: 'N', commands: ['check'],
    description: 'files checked in parallel by worker threads (1: in this process; default: all cores)',
  },
  timeout: {
    type: 'int', default: 60, min: 1, valueName: 'S', commands: ['check'],
    description: 'seconds one file may take before its worker is stopped and the file reported as an error',
  },
  watch: {
    type: 'boolean', default: false, commands: ['check'],
    description: 'keep running and re-check a file when it is saved, printing only the steps that changed',
  },
  help: {
    short: 'h', type: 'boolean', default: false, commands: ['check', 'render', 'rules'],
    description: 'show this help',
  },
} as const satisfies Record<string, OptionSpec>;

type Schema = typeof SETTINGS_SCHEMA;
export type SettingName = keyof Schema;
type ValueOf<T extends OptionType> = T extends 'boolean' ? boolean : T extends 'int' ? number : string;
/** Every option's value, defaults filled in. */
export type Settings = { readonly [K in SettingName]: ValueOf<Schema[K]['type']> };

/** A usage error: bad flag, bad value, missing argument. The CLI prints it and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const specOf = (name: SettingName): OptionSpec => SETTINGS_SCHEMA[name];
const flagOf = (name: SettingName): string => specOf(name).flag ?? name;
const settingNames = (): SettingName[] => Object.keys(SETTINGS_SCHEMA) as SettingName[];
const optionsOf = (command: Command): SettingName[] =>
  settingNames().filter((n) => specOf(n).commands.includes(command));

function defaultOf(name: SettingName): boolean | number | string {
  const d = specOf(name).default;
  return typeof d === 'function' ? d() : d;
}

export function defaultSettings(): Settings {
  const out: Record<string, unknown> = {};
  for (const n of settingNames()) out[n] = defaultOf(n);
  return out as Settings;
}

/** The check options a run uses; `macrosText` is the --macros file's content, read by the caller. */
export function toCheckOptions(settings: Settings, macrosText: string): CheckOptions {
  return {
    seed: settings.seed,
    samples: settings.samples,
    stepBudgetMs: settings.budget,
    macros: macrosText,
    explain: settings.explain,
    prove: settings.prove,
    contexts: [],
    ruleDirs: [],
  };
}

export interface ParsedCommandLine {
  readonly command: Command;
  readonly settings: Settings;
  readonly positionals: readonly string[];
}

/** What argv asks for: a command to run, help (for one command or all), or the version. */
export type Invocation =
  | { readonly kind: 'run'; readonly line: ParsedCommandLine }
  | { readonly kind: 'help'; readonly command: Command | null }
  | { readonly kind: 'version' };

const isCommand = (s: string): s is Command => (COMMANDS as readonly string[]).includes(s);

/** Parse the whole argv (without `node` and the script). Throws UsageError. */
export function parseInvocation(argv: readonly string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return { kind: 'help', command: null };
  if (first === '--version' || first === '-V') return { kind: 'version' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { kind: 'help', command: null };
    if (!isCommand(topic)) throw new UsageError(`no help on '${topic}': commands are ${COMMANDS.join(', ')}`);
    return { kind: 'help', command: topic };
  }
  if (!isCommand(first)) throw new UsageError(`unknown command '${first}'${commandHint(first)}; commands are ${COMMANDS.join(', ')}`);
  const line = parseCommandLine(first, rest);
  return line.settings.help ? { kind: 'help', command: first } : { kind: 'run', line };
}

/** A mistyped command suggests the nearest one; a path suggests checking it. */
function commandHint(typed: string): string {
  const near = COMMANDS.find((c) => editDistance(c, typed) <= 2);
  if (near) return ` (did you mean '${near}'?)`;
  if (/[./\\]/.test(typed) && !typed.startsWith('-')) return ` (to check a file: deriva check ${typed})`;
  return '';
}

/** Parse one command's flags and positionals against the schema. Throws UsageError. */
export function parseCommandLine(command: Command, args: readonly string[]): ParsedCommandLine {
  const values: Record<string, unknown> = defaultSettings();
  const positionals: string[] = [];
  const known = optionsOf(command);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') { positionals.push(...args.slice(i + 1)); break; }
    if (!arg.startsWith('-') || arg === '-') { positionals.push(arg); continue; }
    const eq = arg.indexOf('=');
    const flagText = eq >= 0 ? arg.slice(0, eq) : arg;
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    const { name, negated } = lookupFlag(command, known, flagText);
    const spec = specOf(name);
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`${flagText} takes no value`);
      values[name] = !negated;
      continue;
    }
    const raw = inline ?? args[++i];
    if (raw === undefined) throw new UsageError(`${flagText} needs a value (${spec.valueName ?? 'VALUE'})`);
    values[name] = spec.type === 'int' ? parseIntValue(flagText, raw, spec.min ?? 0) : raw;
  }
  return { command, settings: values as Settings, positionals };
}

function lookupFlag(command: Command, known: readonly SettingName[], flagText: string): { name: SettingName; negated: boolean } {
  if (flagText.startsWith('--')) {
    const body = flagText.slice(2);
    const direct = known.find((n) => flagOf(n) === body);
    if (direct) return { name: direct, negated: false };
    const negated = known.find((n) => specOf(n).negatable === true && `no-${flagOf(n)}` === body);
    if (negated) return { name: negated, negated: true };
  } else {
    const short = known.find((n) => specOf(n).short === flagText.slice(1));
    if (short) return { name: short, negated: false };
  }
  const guess = closestFlag(known, flagText.replace(/^-+/, ''));
  const hint = guess ? ` (did you mean --${guess}?)` : '';
  throw new UsageError(`unknown option ${flagText} for 'deriva ${command}'${hint}; see 'deriva help ${command}'`);
}

function parseIntValue(flag: string, raw: string, min: number): number {
  const n = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${flag} expects a whole number${min > 0 ? ` ≥ ${min}` : ''}, got '${raw}'`);
  }
  return n;
}

/** The known flag nearest to a mistyped one, if it is near enough to be a typo. */
function closestFlag(known: readonly SettingName[], typed: string): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const n of known) {
    const d = editDistance(flagOf(n), typed);
    if (d < bestDistance) { best = flagOf(n); bestDistance = d; }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3 || a.length > 40 || b.length > 40) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length]!;
}

// ---- help text -------------------------------------------------------------

const USAGE: Record<Command, string> = {
  check: 'deriva check PATH... [options]   check .tex/.md files and folders step by step',
  render: 'deriva render FILE (--latex | --html) [-o OUT]   render a checked derivation',
  rules: "deriva rules   list the rule library with each rule's statement",
};

function flagColumn(name: SettingName): string {
  const spec = specOf(name);
  const flag = spec.negatable ? `--no-${flagOf(name)}` : `--${flagOf(name)}`;
  const short = spec.short ? `-${spec.short}, ` : '';
  return `${short}${flag}${spec.type === 'boolean' ? '' : ` ${spec.valueName ?? 'VALUE'}`}`;
}

function defaultNote(name: SettingName): string {
  const spec = specOf(name);
  if (spec.type === 'boolean' || typeof spec.default === 'function' || spec.default === '') return '';
  return ` (default: ${String(spec.default)})`;
}

/** `--help` text: for one command, or the overview with every command's options. */
export function helpText(command: Command | null): string {
  const commands = command ? [command] : COMMANDS;
  const lines = ['deriva — check LaTeX derivations step by step', ''];
  lines.push('Usage:');
  for (const c of commands) lines.push(`  ${USAGE[c]}`);
  if (!command) lines.push('  deriva help COMMAND | deriva --help | deriva --version');
  for (const c of commands) {
    const names = optionsOf(c);
    const width = Math.max(...names.map((n) => flagColumn(n).length));
    lines.push('', `Options of '${c}':`);
    for (const n of names) lines.push(`  ${flagColumn(n).padEnd(width)}  ${specOf(n).description}${defaultNote(n)}`);
  }
  lines.push('', 'Exit codes: 0 nothing refuted or in error, 1 a step refuted (or unverified with --strict),',
    '2 an input or usage error. NO_COLOR turns colours off.');
  return lines.join('\n') + '\n';
}

/** Every flag the schema defines for a command, as typed on the command line (for tests and docs). */
export function flagsOf(command: Command): string[] {
  return optionsOf(command).map((n) => (specOf(n).negatable ? `--no-${flagOf(n)}` : `--${flagOf(n)}`));
}
