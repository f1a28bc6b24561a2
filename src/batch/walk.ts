/**
 * Which files a check covers: paths as given, folders walked for `.tex` and `.md`
 * (skipping node_modules and dot-folders, not following symlinked folders), in
 * one sorted order so that output never depends on the file system's order.
 *
 * Owns: the walk. Must not: read file contents or check anything. Synchronous on
 * purpose: the vitest integration needs the file list while collecting tests.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeFsError, notRegularMessage } from '../document/read-file.js';

export { describeFsError } from '../document/read-file.js';

/** A path to check, or a path that could not even be listed (its error is reported as the file's). */
export interface WalkEntry { readonly path: string; readonly error: string | null }

const CHECKED_EXTENSIONS = ['.tex', '.md'];
const MAX_DEPTH = 64;
const MAX_FILES = 200_000;

export const isDerivationFile = (name: string): boolean =>
  CHECKED_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext));

const skippedFolder = (name: string): boolean => name === 'node_modules' || name.startsWith('.');

/** Code-unit order, independent of locale. */
export const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Expand paths into the sorted, de-duplicated list of files to check. A file named
 *  explicitly is checked whatever its extension; a folder contributes its .tex/.md files. */
export function collectFiles(paths: readonly string[]): WalkEntry[] {
  const found = new Map<string, WalkEntry>();
  const add = (entry: WalkEntry): void => {
    if (found.size < MAX_FILES) found.set(entry.path, entry);
  };
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (e) {
      add({ path, error: describeFsError(e) });
      continue;
    }
    if (isDirectory) walkFolder(path, 0, add);
    else add({ path, error: null });
  }
  return [...found.values()].sort((a, b) => byPath(a.path, b.path));
}

function walkFolder(dir: string, depth: number, add: (e: WalkEntry) => void): void {
  if (depth > MAX_DEPTH) {
    add({ path: dir, error: `folder nesting deeper than ${MAX_DEPTH} levels; not walked further` });
    return;
  }
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    add({ path: dir, error: describeFsError(e) });
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skippedFolder(entry.name)) walkFolder(path, depth + 1, add);
    } else if (isDerivationFile(entry.name)) {
      // Symlinks are followed when read (and refused there unless they lead to a regular file);
      // a FIFO, socket or device named like a derivation is reported, never opened.
      add({ path, error: entry.isSymbolicLink() ? null : notRegularMessage(entry) });
    }
  }
}
