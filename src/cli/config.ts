/**
 * The project configuration: `deriva.config.json`, or the "deriva" key of
 * package.json, in the folder deriva runs from (or the file `--config` names).
 * Found, read, parsed as JSON and validated against the settings schema, with
 * paths made relative to where deriva runs. Every problem is one clear line
 * naming the file (and the key), never a stack trace.
 *
 * Owns: finding and reading the configuration. Must not: know what a setting
 * means — settings.ts validates and merges.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, dirname } from 'node:path';
import { describeFsError } from '../batch/walk.js';
import { CommandError } from './errors.js';
import { settingsFromConfig, UsageError, type ConfiguredSettings } from './settings.js';

export const CONFIG_FILE = 'deriva.config.json';

export interface ProjectConfig {
  /** Where the settings came from (for messages), or null when there is no configuration. */
  readonly source: string | null;
  readonly settings: ConfiguredSettings;
  /** The folder its relative paths and globs are relative to. */
  readonly folder: string;
}

const NONE = (cwd: string): ProjectConfig => ({ source: null, settings: {}, folder: cwd });

/** Read a file that may be absent: its text, or null when it does not exist. */
function readIfPresent(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CommandError(`cannot read ${path}: ${describeFsError(e)}`);
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`${where}: not valid JSON (${(e as Error).message})`);
  }
}

/** A path written in the configuration (relative to its folder), as the process opens it. */
const fromFolder = (folder: string) => (p: string): string =>
  (isAbsolute(p) ? p : relative(process.cwd(), resolve(folder, p)) || '.');

/** The settings of the configuration file at `path` (an explicit --config, or the one found). */
export function readConfigFile(path: string, cwd: string): ProjectConfig {
  const text = readIfPresent(resolve(cwd, path));
  if (text === null) throw new CommandError(`cannot read --config file ${path}: no such file or directory`);
  const folder = dirname(resolve(cwd, path));
  const data = parseJson(text, path);
  const settings = path.endsWith('package.json') ? packageSettings(data, path, folder) : settingsFromConfig(data, path, fromFolder(folder));
  return { source: path, settings, folder };
}

function packageSettings(data: unknown, where: string, folder: string): ConfiguredSettings {
  const section = (data as Record<string, unknown> | null)?.['deriva'];
  if (section === undefined) return {};
  return settingsFromConfig(section, `${where} "deriva"`, fromFolder(folder));
}

/**
 * The project configuration for a run from `cwd`: `explicit` (--config) when given, else
 * deriva.config.json, else package.json's "deriva" key, else none. Having both is an error,
 * so a stale key never silently loses.
 */
export function loadProjectConfig(cwd: string, explicit = ''): ProjectConfig {
  if (explicit !== '') return readConfigFile(explicit, cwd);
  const own = readIfPresent(join(cwd, CONFIG_FILE));
  const pkgText = readIfPresent(join(cwd, 'package.json'));
  const pkg = pkgText === null ? null : parseJson(pkgText, 'package.json');
  const inPackage = pkg !== null && typeof pkg === 'object' && 'deriva' in (pkg as object);
  if (own !== null && inPackage) {
    throw new UsageError(`both ${CONFIG_FILE} and package.json's "deriva" key hold settings; keep one`);
  }
  if (own !== null) return { source: CONFIG_FILE, settings: settingsFromConfig(parseJson(own, CONFIG_FILE), CONFIG_FILE, fromFolder(cwd)), folder: cwd };
  if (inPackage) return { source: 'package.json', settings: packageSettings(pkg, 'package.json', cwd), folder: cwd };
  return NONE(cwd);
}
