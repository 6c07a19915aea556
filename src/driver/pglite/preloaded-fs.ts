import fs from 'node:fs/promises';
import path from 'node:path';
import type { TarEntry } from './tar.js';

/**
 * A PGlite file system that starts with files already in it: the template data directory (for an
 * in-memory database) and the contrib extensions' files. PGlite's own routes — `loadDataDir` and
 * extension bundles — gunzip and parse tarballs on every open, which was most of the cost of an
 * open (tests and shadow databases open hundreds); here the files are read once per process and
 * each open only copies bytes.
 */

/** One file to create: its absolute path in PGlite's file system, size, and bytes up to the last non-zero one. */
interface PreloadedFile {
  readonly path: string;
  readonly size: number;
  readonly head: Uint8Array;
}

/** FileSet is a prepared tree of directories and files, shared read-only by every open in a process. */
export interface FileSet {
  readonly dirs: readonly string[];
  readonly files: readonly PreloadedFile[];
}

/** prepareFileSet places entries (of a tarball or a folder) under `root`, an absolute path in PGlite's file system. */
export function prepareFileSet(root: string, entries: readonly TarEntry[]): FileSet {
  const dirs = new Set<string>([root]);
  const files: PreloadedFile[] = [];
  for (const entry of entries) {
    const full = `${root}/${entry.path}`;
    if (entry.kind === 'dir') {
      dirs.add(full);
      continue;
    }
    dirs.add(full.slice(0, full.lastIndexOf('/')));
    // A WAL segment is 16 MB of which a few kB are written; a zeroed array costs nothing to allocate.
    let end = entry.data.length;
    while (end > 0 && entry.data[end - 1] === 0) end--;
    files.push({ path: full, size: entry.data.length, head: entry.data.subarray(0, end) });
  }
  return { dirs: [...dirs].sort(), files };
}

/** The part of Emscripten's FS API used here. */
interface EmscriptenFs {
  mkdirTree(path: string): void;
  writeFile(path: string, data: Uint8Array, options: { canOwn: boolean }): void;
}

/**
 * writeFileSet creates the set's directories and files. Each file gets bytes of its own (PostgreSQL
 * writes to its data files, and MEMFS writes in place), handed over with `canOwn` so MEMFS does not
 * copy them again.
 */
function writeFileSet(fs: EmscriptenFs, set: FileSet): void {
  for (const dir of set.dirs) fs.mkdirTree(dir);
  for (const file of set.files) {
    const bytes = new Uint8Array(file.size);
    bytes.set(file.head);
    fs.writeFile(file.path, bytes, { canOwn: true });
  }
}

/** How many files {@link writeFileSetToDisk} keeps open at once: enough to overlap, well under any fd limit. */
const PARALLEL_WRITES = 16;

/**
 * writeFileSetToDisk writes the part of `set` under `root` into the host directory `dir` (which
 * need not exist). Seeding a data directory this way, from bytes already in memory, costs a
 * fraction of copying the template folder file by file; a file's zero tail is left to truncate,
 * so a WAL segment takes a few kB on disks that keep files sparse.
 */
export async function writeFileSetToDisk(set: FileSet, root: string, dir: string): Promise<void> {
  const local = (p: string) => path.join(dir, path.relative(root, p));
  for (const d of set.dirs) if (d === root || d.startsWith(`${root}/`)) await fs.mkdir(local(d), { recursive: true });
  const files = set.files.filter((f) => f.path.startsWith(`${root}/`));
  let next = 0;
  const worker = async () => {
    for (let file = files[next++]; file; file = files[next++]) {
      const handle = await fs.open(local(file.path), 'w');
      try {
        await handle.write(file.head, 0, file.head.length, 0);
        if (file.size > file.head.length) await handle.truncate(file.size);
      } finally {
        await handle.close();
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_WRITES }, worker));
}

/** The part of PGlite's Filesystem classes this relies on: `initialSyncFs` runs once the module's FS exists and before PGlite looks for a database. */
interface FilesystemLike {
  initialSyncFs(): Promise<void>;
}

// A mixin's base constructor must take any[] (TypeScript's rule for mixins).
type FilesystemClass = new (...args: any[]) => FilesystemLike;

/**
 * preloading returns a subclass of one of PGlite's Filesystem classes (MemoryFS, NodeFS) that
 * writes `sets` into the instance's file system when PGlite asks it to sync from storage, after
 * the base class has done so.
 */
export function preloading<C extends FilesystemClass>(Base: C, sets: readonly FileSet[]): C {
  return class extends Base {
    override async initialSyncFs(): Promise<void> {
      await super.initialSyncFs();
      // `pg` is set by the base class's init(); PGlite's types mark it protected.
      const fs = (this as unknown as { pg: { Module: { FS: EmscriptenFs } } }).pg.Module.FS;
      for (const set of sets) writeFileSet(fs, set);
    }
  };
}
