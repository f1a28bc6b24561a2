/**
 * `deriva context FILE[#label]`: how deriva reads a problem context — for the preamble and each
 * section, every symbol with the kind and domain it is given and each definition, law and
 * assumption about it, with its line — so that a TA sees the notation as deriva will use it
 * before checking a class against it. A context that cannot be read is exit 2 with its reason.
 *
 * Must not: check anything (nothing in a context is a step).
 */
import { relative } from 'node:path';
import { loadContext, parseContextSpec } from '../check/context.js';
import { contextTable, type ContextPart, type ContextSymbol } from '../check/context-table.js';
import { UsageError, type ParsedCommandLine } from './settings.js';
import type { CliIO } from './io.js';
import { CommandError } from './errors.js';
import { prepareRun } from './setup.js';

export async function runContext(line: ParsedCommandLine, io: CliIO): Promise<number> {
  const [spec, ...extra] = line.positionals;
  if (spec === undefined) throw new UsageError("context needs a FILE (a problem context, e.g. contexts/homework3.tex); see 'deriva help context'");
  if (extra.length > 0) throw new UsageError('context takes one FILE (FILE#label for one section)');
  const cwd = io.cwd ?? process.cwd();
  const setup = await prepareRun(line, cwd);
  const { path, label } = parseContextSpec(spec, cwd);
  const read = await loadContext(path, label, setup.options.macros, new Map());
  if (!read.ok) throw new CommandError(read.message);
  const context = read.context;
  const shown = relative(cwd, path) || path;
  const parts = contextTable(context).filter((p, k) => k === 0 || label === null || p.label === label);
  const problems = context.doc.problems.map((p) => `${shown}:${p.pos.line}:${p.pos.column}: ${p.message}`);
  const sections = context.sections.length;
  io.stdout.write([
    `${shown}: ${sections === 0 ? 'no sections (all of it applies to every file)' : `${sections} section${sections === 1 ? '' : 's'}; a file is checked in the preamble and the sections whose own names it uses (or the one FILE#label names)`}`,
    ...parts.flatMap(partLines),
    '',
    `${parts.reduce((n, p) => n + p.symbols.length, 0)} symbols in ${parts.length} part${parts.length === 1 ? '' : 's'}${problems.length ? `; ${problems.length} read problem${problems.length === 1 ? '' : 's'} (below)` : ''}`,
  ].join('\n') + '\n');
  for (const p of problems) io.stderr.write(`${p}\n`);
  return problems.length > 0 ? 2 : 0;
}

function partLines(part: ContextPart): string[] {
  const heading = part.label === null && part.title === 'preamble'
    ? `Preamble (lines ${part.first}–${part.last}, always in force)`
    : `§ ${part.title}${part.label ? `  #${part.label}` : ''}  (lines ${part.first}–${part.last})`;
  if (part.symbols.length === 0) return ['', heading, '  (no symbols)'];
  const width = Math.min(24, Math.max(...part.symbols.map((s) => s.name.length)));
  return ['', heading, ...part.symbols.flatMap((s) => symbolLines(s, width))];
}

function symbolLines(symbol: ContextSymbol, width: number): string[] {
  const head = `  ${symbol.name.padEnd(width)}  ${symbol.kind}${symbol.domain ? `, ${symbol.domain}` : ''}`;
  const indent = ' '.repeat(width + 4);
  return [head, ...symbol.statements.map((s) => `${indent}${s.role === 'described' ? 'described in words' : s.role}: ${s.latex}   (line ${s.line})`)];
}
