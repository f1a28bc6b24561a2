/**
 * `deriva rules`: the rule library, each rule with its synonyms, its statement as
 * written, and where it is defined. The library is loaded lazily from src/rewrite.
 */
import { basename } from 'node:path';
import { formatDiagnostic, InputError } from '../diagnostic.js';
import type { CliIO } from './io.js';
import { CommandError } from './errors.js';
import { loadRewrite, type RuleInfo } from './modules.js';

/** Where a rule is written: `rules/algebra.rules:12`, not the install location's absolute path. */
export const ruleSource = (rule: Pick<RuleInfo, 'file' | 'line'>): string =>
  (rule.line > 0 ? `rules/${basename(rule.file)}:${rule.line}` : 'built in');

export function ruleLines(rule: RuleInfo): string[] {
  const synonyms = rule.synonyms.length > 0 ? `  (also: ${rule.synonyms.join(', ')})` : '';
  return [`${rule.name}${synonyms}`, `    ${rule.statement.trim()}    [${ruleSource(rule)}]`];
}

export async function runRules(io: CliIO): Promise<number> {
  const { loadRules } = await loadRewrite();
  let rules: readonly RuleInfo[];
  try {
    rules = loadRules().rules;
  } catch (e) {
    if (e instanceof InputError) {
      // A rule-file error may already name its file:line:column (RuleFileError does).
      const file = (e as InputError & { file?: string }).file ?? 'rules';
      throw new CommandError(e.message.startsWith(`${file}:`) ? e.message : formatDiagnostic({ file, ...e.pos, message: e.message }));
    }
    throw e;
  }
  const sorted = [...rules].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  io.stdout.write(`${sorted.flatMap(ruleLines).join('\n')}\n\n${sorted.length} rules\n`);
  return 0;
}
