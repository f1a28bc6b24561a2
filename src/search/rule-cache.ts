/**
 * A build-time snapshot of the parsed rule library, so a cold `deriva check`
 * does not re-parse rules/*.rules (≈ 40 ms of a 0.5 s start) on every run.
 *
 * `npm run build` calls writeRuleCache() after tsc: it parses the rule files
 * the ordinary way and stores the resulting Rule values as JSON next to this
 * module (dist/search/rules-cache.json), together with what they were made
 * from: the exact text of every rule file, and a hash of the content of every
 * compiled module that reading a rule runs through (dist/expr, dist/notation, dist/kernel,
 * dist/search, dist/diagnostic.js). A snapshot is used only when all of those
 * still match; anything else (edited rules, changed code, running from src/) falls back
 * to parsing. Contents, not modification times: an installed package has the times the
 * tarball gave its files, and a cache stamped by time was stale in every install. The
 * snapshot is written only if it reads back to values deep-equal to the parsed ones.
 *
 * Owns: the snapshot format and its staleness test. Must not: parse rules
 * itself (rulefile.ts does) or decide anything about matching.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule, VarRole } from '../kernel/index.js';

const FORMAT = 1;
const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE_FILE = join(HERE, 'rules-cache.json');
/** Compiled code that turns rule text into Rule values (relative to the folder above this module). */
const CODE_DIRS = ['expr', 'notation', 'kernel', 'search'];
const CODE_FILES = ['diagnostic.js'];

/** One rule file as read: its name in the rules folder and its text. */
export interface RuleSource { readonly name: string; readonly text: string }

interface Snapshot {
  readonly format: number;
  readonly code: string;
  readonly sources: readonly RuleSource[];
  /** Per source, its rules with `file` left out (it is the install path, re-joined on load). */
  readonly rules: readonly (readonly StoredRule[])[];
}
type StoredRule = Omit<Rule, 'file' | 'vars'> & { readonly vars: readonly [string, VarRole][] };

/** A hash of the names and contents of every compiled module involved; '' when this module does not run from a build. */
function codeStamp(): string {
  if (!HERE.endsWith(join('dist', 'search'))) return '';
  const root = dirname(HERE);
  const hash = createHash('sha256');
  const add = (path: string): void => { hash.update(`${path.slice(root.length)}\0`).update(readFileSync(path)).update('\0'); };
  for (const d of CODE_DIRS) for (const f of readdirSync(join(root, d)).filter((x) => x.endsWith('.js')).sort()) add(join(root, d, f));
  for (const f of CODE_FILES) add(join(root, f));
  return hash.digest('hex');
}

/** The cached rules of `sources` (read from `dir`), or null when there is no valid snapshot for them. */
export function readRuleCache(dir: string, sources: readonly RuleSource[]): Rule[] | null {
  let snap: Snapshot;
  try {
    snap = JSON.parse(readFileSync(CACHE_FILE, 'utf8')) as Snapshot;
  } catch {
    return null;
  }
  if (snap.format !== FORMAT || snap.sources.length !== sources.length) return null;
  for (let i = 0; i < sources.length; i++) {
    if (snap.sources[i]!.name !== sources[i]!.name || snap.sources[i]!.text !== sources[i]!.text) return null;
  }
  let code: string;
  try { code = codeStamp(); } catch { return null; }
  if (code === '' || code !== snap.code) return null;
  return snap.rules.flatMap((rules, i) => rules.map((r) => fromStored(r, join(dir, sources[i]!.name))));
}

function fromStored(r: StoredRule, file: string): Rule {
  const { vars, line, ...rest } = r;
  // same property order as rulefile.ts builds: …, conditions, file, line, vars
  return { ...rest, file, line, vars: new Map(vars) };
}

function toStored(r: Rule): StoredRule {
  const { file: _file, vars, ...rest } = r;
  return { ...rest, vars: [...vars] };
}

/** Writes the snapshot for `perFile` (the rules parsed from each of `sources`, in order).
 *  Returns false, writing nothing, when the snapshot would not read back identically. */
export function writeRuleCache(dir: string, sources: readonly RuleSource[], perFile: readonly (readonly Rule[])[]): boolean {
  const code = codeStamp();
  if (code === '') return false;
  const snap: Snapshot = { format: FORMAT, code, sources, rules: perFile.map((rs) => rs.map(toStored)) };
  const text = JSON.stringify(snap);
  const back = (JSON.parse(text) as Snapshot).rules.flatMap((rs, i) => rs.map((r) => fromStored(r, join(dir, sources[i]!.name))));
  if (!sameValue(back, perFile.flat())) return false;
  writeFileSync(CACHE_FILE, text);
  return true;
}

/** Deep equality that also sees property order, undefined-valued properties, -0 and NaN. */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a instanceof Map || b instanceof Map) {
    return a instanceof Map && b instanceof Map && sameValue([...a], [...b]);
  }
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
