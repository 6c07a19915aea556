import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileSet } from './preloaded-fs.js';

/**
 * A prepared {@link FileSet} kept in one cache file, so a later process reads it with one read
 * instead of rebuilding it (the contrib extensions: 34 tarballs to gunzip on every start).
 * Layout: the magic, a 4-byte length, a JSON index (directories, files with their sizes and the
 * length of their non-zero heads), then every head's bytes in index order. A file that is
 * missing, short or malformed reads as nothing, and the caller rebuilds and rewrites it.
 */

const MAGIC = Buffer.from('TMFS1\n');

interface Index {
  readonly dirs: readonly string[];
  readonly files: readonly { readonly path: string; readonly size: number; readonly head: number }[];
}

/** encodeFileSet writes `set` in the cache layout. */
export function encodeFileSet(set: FileSet): Buffer {
  const index: Index = { dirs: set.dirs, files: set.files.map((f) => ({ path: f.path, size: f.size, head: f.head.length })) };
  const json = Buffer.from(JSON.stringify(index));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([MAGIC, length, json, ...set.files.map((f) => f.head)]);
}

/** decodeFileSet reads the cache layout; undefined for anything else. The heads are views into `bytes`. */
export function decodeFileSet(bytes: Buffer): FileSet | undefined {
  try {
    if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const jsonEnd = MAGIC.length + 4 + bytes.readUInt32LE(MAGIC.length);
    const index = JSON.parse(bytes.subarray(MAGIC.length + 4, jsonEnd).toString('utf8')) as Index;
    if (!Array.isArray(index.dirs) || !Array.isArray(index.files)) return undefined;
    let offset = jsonEnd;
    const files = index.files.map((f) => {
      const head = bytes.subarray(offset, offset + f.head);
      offset += f.head;
      return { path: f.path, size: f.size, head };
    });
    return offset === bytes.length ? { dirs: index.dirs, files } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * cachedFileSet returns the set cached at `file`, or builds it, stores it (written to a private
 * name and renamed, so a reader never sees half a file; a failure to store is no error) and
 * returns it.
 */
export async function cachedFileSet(file: string, build: () => Promise<FileSet>): Promise<FileSet> {
  const cached = await fs.readFile(file).then(decodeFileSet, () => undefined);
  if (cached) return cached;
  const set = await build();
  const temporary = `${file}.${process.pid}-${Date.now()}`;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(temporary, encodeFileSet(set));
    await fs.rename(temporary, file);
  } catch {
    await fs.rm(temporary, { force: true }).catch(() => {});
  }
  return set;
}
