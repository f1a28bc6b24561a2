/**
 * Reading one derivation file from disk, safely: only a regular file is read (a
 * symlink to /dev/zero, a FIFO, a socket or a device gets a clear error and is
 * never read from), and never more than a size limit, so neither a special file
 * nor a huge one can grow memory or block the reader.
 *
 * Owns: the bytes → text step and its errors. Must not: parse or check anything.
 * The type is checked twice: on the path before opening (a device is never even
 * opened) and on the open descriptor (the path may have changed in between); the
 * open is non-blocking, so a FIFO put in place meanwhile cannot stall it.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** The type tests that fs.Stats and fs.Dirent share. */
interface FileKind {
  isFile(): boolean; isDirectory(): boolean; isFIFO(): boolean;
  isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean;
}

/** Files above this size are refused: a hand-written derivation is a few kB, a class's largest
 *  submissions a few hundred; past a few MB a file is generated or pasted in by mistake. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export type FileText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

const CHUNK_BYTES = 256 * 1024;

const megabytes = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

const tooLarge = (size: string, limit: number): FileText =>
  ({ ok: false, message: `file too large (${size}); deriva reads files of at most ${megabytes(limit)}` });

/** What kind of thing a path is, in words, when it is not a regular file. */
function specialKind(s: FileKind): string | null {
  if (s.isFile()) return null;
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'a special file';
}

/** Why `s` is not read, or null for a regular file. */
export function notRegularMessage(s: FileKind): string | null {
  const kind = specialKind(s);
  return kind === null ? null : `not a regular file (${kind}); only regular files are read`;
}

/** Reads `path` as UTF-8 text when it is a regular file of at most `limit` bytes. Never throws. */
export async function readSourceFile(path: string, limit = MAX_FILE_BYTES): Promise<FileText> {
  try {
    const before = await stat(path);
    const special = notRegularMessage(before);
    if (special !== null) return { ok: false, message: special };
    if (before.size > limit) return tooLarge(megabytes(before.size), limit);
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const specialNow = notRegularMessage(await handle.stat());
      if (specialNow !== null) return { ok: false, message: specialNow };
      // Read until the end or one byte past the limit: a file that grew since stat stays bounded.
      const chunks: Buffer[] = [];
      let total = 0;
      while (total <= limit) {
        const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, limit + 1 - total));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        chunks.push(chunk.subarray(0, bytesRead));
        total += bytesRead;
      }
      if (total > limit) return tooLarge(`more than ${megabytes(limit)}`, limit);
      return { ok: true, text: Buffer.concat(chunks, total).toString('utf8') };
    } finally {
      await handle.close();
    }
  } catch (e) {
    return { ok: false, message: `cannot read file: ${describeFsError(e)}` };
  }
}

/** "no such file or directory" rather than Node's "ENOENT: no such file or directory, stat 'x'". */
export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    ENOTDIR: 'not a directory',
    EISDIR: 'is a directory',
    ELOOP: 'too many levels of symbolic links',
    ENXIO: 'no such device or address',
  };
  return (err.code && reasons[err.code]) ?? err.message ?? String(e);
}
