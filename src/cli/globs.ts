/**
 * Exclude globs (`--exclude`, the configuration's "exclude"): `*` and `?` within
 * one path segment, `**` across segments. A glob with a `/` matches a path
 * relative to the project folder; one without matches any single name in it, so
 * `drafts` skips every folder called drafts and `*.draft.tex` every such file.
 * A glob that matches a folder matches everything under it.
 *
 * Owns: glob matching. Must not: touch the file system.
 */
import { relative, sep } from 'node:path';

/** One glob as an anchored regular expression. Linear in the glob's length. */
function globRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** A predicate: is `path` (as given on the command line or found by the walk) excluded? */
export function excludeMatcher(globs: readonly string[], folder: string): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const anchored = globs.filter((g) => g.includes('/')).map((g) => globRegExp(g.replace(/^\.\//, '').replace(/\/$/, '')));
  const names = globs.filter((g) => !g.includes('/')).map(globRegExp);
  return (path) => {
    const parts = relative(folder, path).split(sep).join('/').split('/');
    if (names.some((re) => parts.some((p) => re.test(p)))) return true;
    for (let n = 1; n <= parts.length; n++) {
      const prefix = parts.slice(0, n).join('/');
      if (anchored.some((re) => re.test(prefix))) return true;
    }
    return false;
  };
}
