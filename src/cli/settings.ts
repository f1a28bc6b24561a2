/**
 * The one settings schema of deriva (KaTeX's Settings.ts is the model): every
 * option's flag, type, default, description and project-configuration key lives
 * here, and from it come the argv parser, the defaults, the `--help` text, the
 * validation of `deriva.config.json` and of the vitest helper's options, and the
 * `CheckOptions`.
 *
 * Owns: the schema, parsing argv and configuration objects against it, merging
 * the two, help text. Must not: read files, print, or exit — the commands do
 * that with what this module returns.
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_CHECK_OPTIONS, type CheckOptions } from '../check/options.js';

export type Command = 'check' | 'render' | 'context' | 'rules';
export const COMMANDS: readonly Command[] = ['check', 'render', 'context', 'rules'];

/** `list`: a repeatable flag (`--context a --context b`), an array in the configuration. */
type OptionType = 'boolean' | 'int' | 'string' | 'list';

interface OptionSpec {
  /** The long flag without `--`; defaults to the schema key. */
  readonly flag?: string;
  readonly short?: string;
  readonly type: OptionType;
  /** A function when the default depends on the machine (the number of cores). */
  readonly default: boolean | number | string | readonly string[] | (() => number);
  /** Its key in `deriva.config.json` (and in the vitest helper's options); absent: command line only. */
  readonly config?: string;
  /** What the values of a `list` are: file or folder paths (relative to the configuration's
   *  folder when they come from it), or globs. */
  readonly values?: 'paths' | 'globs';
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
    description: 'print the versioned report as JSON (schema/report.v1.json) on stdout and nothing else, file by file as they finish',
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
    type: 'int', default: DEFAULT_CHECK_OPTIONS.seed, min: 0, valueName: 'N', commands: ['check', 'render'], config: 'seed',
    description: 'seed of all random sampling; the same seed gives the same report',
  },
  samples: {
    type: 'int', default: DEFAULT_CHECK_OPTIONS.samples, min: 1, valueName: 'N', commands: ['check', 'render'], config: 'samples',
    description: 'random instances sampled per step (a step the rules prove is cross-checked on 20 of them)',
  },
  budget: {
    type: 'int', default: DEFAULT_CHECK_OPTIONS.stepBudgetMs, min: 1, valueName: 'MS', commands: ['check', 'render'], config: 'budget',
    description: 'time budget of one step (proof search plus sampling), in milliseconds',
  },
  macros: {
    type: 'list', default: [], valueName: 'FILE', commands: ['check', 'render', 'context'], config: 'macros', values: 'paths',
    description: 'a preamble whose \\newcommand / \\DeclareMathOperator definitions apply to every file (repeatable)',
  },
  contexts: {
    flag: 'context', type: 'list', default: [], valueName: 'FILE', commands: ['check', 'render'], config: 'contexts', values: 'paths',
    description: "a problem context (definitions, assumptions, the model) every file is checked in (repeatable)",
  },
  ruleDirs: {
    flag: 'rules-dir', type: 'list', default: [], valueName: 'DIR', commands: ['check', 'render'], config: 'ruleDirs', values: 'paths',
    description: "a folder of extra *.rules files (a course's own rules), loaded and tested like the library's (repeatable)",
  },
  exclude: {
    type: 'list', default: [], valueName: 'GLOB', commands: ['check'], config: 'exclude', values: 'globs',
    description: 'skip files found in folders whose path matches GLOB (*, **, ?; a GLOB without / matches any name) (repeatable)',
  },
  config: {
    type: 'string', default: '', valueName: 'FILE', commands: ['check', 'render'],
    description: 'project settings from FILE (default: deriva.config.json, or the "deriva" key of package.json, in this folder)',
  },
  prove: {
    type: 'boolean', default: DEFAULT_CHECK_OPTIONS.prove, negatable: true, commands: ['check', 'render'], config: 'prove',
    // Shown under its negated flag, so it says what switching it off does.
    description: 'do not try to prove steps with the rule library: numeric checking only',
  },
  explain: {
    type: 'boolean', default: DEFAULT_CHECK_OPTIONS.explain, commands: ['check'],
    description: "print each proof's intermediate expressions",
  },
  strict: {
    type: 'boolean', default: false, commands: ['check'], config: 'strict',
    description: 'also fail (exit 1) when a step is unverified',
  },
  jobs: {
    type: 'int', default: () => availableParallelism(), min: 1, valueName: 'N', commands: ['check'],
    description: 'files checked in parallel by worker threads (1: in this process; default: all cores)',
  },
  timeout: {
    type: 'int', default: 60, min: 1, valueName: 'S', commands: ['check'], config: 'timeout',
    description: 'seconds one file may take before its worker is stopped and the file reported as an error',
  },
  watch: {
    type: 'boolean', default: false, commands: ['check'],
    description: 'keep running and re-check a file when it is saved, printing only the steps that changed',
  },
  help: {
    short: 'h', type: 'boolean', default: false, commands: ['check', 'render', 'context', 'rules'],
    description: 'show this help',
  },
} as const satisfies Record<string, OptionSpec>;

type Schema = typeof SETTINGS_SCHEMA;
export type SettingName = keyof Schema;
type ValueOf<T extends OptionType> = T extends 'boolean' ? boolean : T extends 'int' ? number : T extends 'list' ? readonly string[] : string;
/** Every option's value, defaults filled in. */
export type Settings = { readonly [K in SettingName]: ValueOf<Schema[K]['type']> };

/** The settings a project configuration may hold, under their configuration keys. */
type ConfigurableName = { [K in SettingName]: Schema[K] extends { readonly config: string } ? K : never }[SettingName];
export type ProjectSettings = {
  readonly [K in ConfigurableName as Schema[K] extends { readonly config: infer C extends string } ? C : never]?: ValueOf<Schema[K]['type']>
};

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

function defaultOf(name: SettingName): boolean | number | string | readonly string[] {
  const d = specOf(name).default;
  return typeof d === 'function' ? d() : d;
}

export function defaultSettings(): Settings {
  const out: Record<string, unknown> = {};
  for (const n of settingNames()) out[n] = defaultOf(n);
  return out as Settings;
}

/** The check options a run uses; `macrosText` is the --macros files' content, read by the caller. */
export function toCheckOptions(settings: Settings, macrosText: string): CheckOptions {
  return {
    seed: settings.seed,
    samples: settings.samples,
    stepBudgetMs: settings.budget,
    macros: macrosText,
    explain: settings.explain,
    prove: settings.prove,
    contexts: settings.contexts,
    ruleDirs: settings.ruleDirs,
  };
}

export interface ParsedCommandLine {
  readonly command: Command;
  readonly settings: Settings;
  readonly positionals: readonly string[];
  /** The settings typed on the command line (the others are defaults). */
  readonly given: ReadonlySet<SettingName>;
}

// ---- project configuration ---------------------------------------------------

/** Settings of a project configuration, validated, by setting name. */
export type ConfiguredSettings = Partial<Record<SettingName, Settings[SettingName]>>;

const configKeyOf = (name: SettingName): string | undefined => specOf(name).config;
const configurable = (): SettingName[] => settingNames().filter((n) => configKeyOf(n) !== undefined);

/** The configuration keys, for messages and documentation. */
export const CONFIG_KEYS: readonly string[] = configurable().map((n) => configKeyOf(n)!);

/**
 * Validate a configuration object (`deriva.config.json`, package.json's "deriva", the vitest
 * helper's options) against the schema. `where` names it in messages; `resolvePath` turns a
 * path written there into one usable from here. Throws UsageError naming the key.
 */
export function settingsFromConfig(data: unknown, where: string, resolvePath: (p: string) => string = (p) => p): ConfiguredSettings {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageError(`${where}: expected an object of settings (${CONFIG_KEYS.join(', ')})`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (value === undefined) continue;
    const name = configurable().find((n) => configKeyOf(n) === key);
    if (name === undefined) {
      const near = CONFIG_KEYS.find((k) => editDistance(k, key) <= 2);
      throw new UsageError(`${where}: unknown setting "${key}"${near ? ` (did you mean "${near}"?)` : ''}; settings are ${CONFIG_KEYS.join(', ')}`);
    }
    out[name] = configValue(name, key, value, where, resolvePath);
  }
  return out as ConfiguredSettings;
}

function configValue(name: SettingName, key: string, value: unknown, where: string, resolvePath: (p: string) => string): unknown {
  const spec = specOf(name);
  const bad = (expected: string): UsageError => new UsageError(`${where}: "${key}" must be ${expected}, got ${JSON.stringify(value) ?? String(value)}`);
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw bad('true or false');
      return value;
    case 'int': {
      const min = spec.min ?? 0;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw bad(`a whole number${min > 0 ? ` ≥ ${min}` : ''}`);
      return value;
    }
    case 'string':
      if (typeof value !== 'string') throw bad('a string');
      return value;
    case 'list': {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || !list.every((v) => typeof v === 'string' && v !== '')) throw bad('a list of non-empty strings');
      return spec.values === 'paths' ? list.map((v: string) => resolvePath(v)) : list;
    }
  }
}

/**
 * Settings from layers over the defaults, later layers winning: a list adds to the lists
 * before it (a project's contexts still apply when one more is given), any other setting
 * replaces what was there.
 */
export function layeredSettings(...layers: readonly ConfiguredSettings[]): Settings {
  const out: Record<string, unknown> = defaultSettings();
  for (const layer of layers) {
    for (const n of settingNames()) {
      const value = layer[n];
      if (value === undefined) continue;
      out[n] = specOf(n).type === 'list' ? [...(out[n] as readonly string[]), ...(value as readonly string[])] : value;
    }
  }
  return out as Settings;
}

/** The settings a run uses: the command line over the configuration over the defaults. */
export function mergeSettings(line: ParsedCommandLine, configured: ConfiguredSettings): Settings {
  const typed: Record<string, unknown> = {};
  for (const n of line.given) typed[n] = line.settings[n];
  return layeredSettings(configured, typed as ConfiguredSettings);
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
  if (first === '--version' || first === '-v' || first === '-V') return { kind: 'version' };
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
  const given = new Set<SettingName>();
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
    given.add(name);
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`${flagText} takes no value`);
      values[name] = !negated;
      continue;
    }
    const raw = inline ?? args[++i];
    if (raw === undefined) throw new UsageError(`${flagText} needs a value (${spec.valueName ?? 'VALUE'})`);
    if (spec.type === 'list') values[name] = [...(values[name] as readonly string[]), raw];
    else values[name] = spec.type === 'int' ? parseIntValue(flagText, raw, spec.min ?? 0) : raw;
  }
  return { command, settings: values as Settings, positionals, given };
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
  context: 'deriva context FILE[#label]   show how deriva reads a problem context: each symbol\'s kind, domain, definitions and laws, by section',
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
  if (spec.type === 'boolean' || spec.type === 'list' || typeof spec.default === 'function' || spec.default === '') return '';
  return ` (default: ${String(spec.default)})`;
}

/** `--help` text: for one command, or the overview with every command's options. */
export function helpText(command: Command | null): string {
  const commands = command ? [command] : COMMANDS;
  const lines = ['deriva — check LaTeX derivations step by step', ''];
  lines.push('Usage:');
  for (const c of commands) lines.push(`  ${USAGE[c]}`);
  if (!command) lines.push('  deriva help COMMAND | deriva --help | deriva --version (-v)');
  for (const c of commands) {
    const names = optionsOf(c);
    const width = Math.max(...names.map((n) => flagColumn(n).length));
    lines.push('', `Options of '${c}':`);
    for (const n of names) lines.push(`  ${flagColumn(n).padEnd(width)}  ${specOf(n).description}${defaultNote(n)}`);
  }
  lines.push('', `Project settings: deriva.config.json or the "deriva" key of package.json, with keys ${CONFIG_KEYS.join(', ')};`,
    'paths in it are relative to its folder; flags override it, and repeatable flags add to its lists.');
  lines.push('', 'Exit codes: 0 nothing refuted or in error, 1 a step refuted (or unverified with --strict),',
    '2 an input or usage error. Colour follows the terminal (NO_COLOR, FORCE_COLOR, TERM=dumb).');
  return lines.join('\n') + '\n';
}

/** Every flag the schema defines for a command, as typed on the command line (for tests and docs). */
export function flagsOf(command: Command): string[] {
  return optionsOf(command).map((n) => (specOf(n).negatable ? `--no-${flagOf(n)}` : `--${flagOf(n)}`));
}
