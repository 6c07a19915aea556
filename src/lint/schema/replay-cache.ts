import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as ast from '../ast.js';
import { replayStatement } from './replay.js';
import { isStateDelta, type StateDelta } from './snapshot.js';
import { SchemaState } from './state.js';
import * as tableChanges from './table-changes.js';

/**
 * The replay cache keeps the lint schema picture after each migration file, so linting the
 * newest files of a long directory replays only what changed. Each file's entry is what replaying
 * it changed (a {@link StateDelta}), keyed by a chain hash of its display path and checksum and
 * those of every file before it: applying the entries of files 1..k gives the state after file k
 * without parsing any of them, and editing, renaming, inserting or removing a file changes the key
 * of every later one, so none of them is used again.
 *
 * The file (`lint-replay.json` in the project's cache directory, beside the parse cache) is an
 * optimisation: one that is missing, unreadable, damaged, or written by another version of the
 * replay is ignored and rebuilt, never an error.
 */

const FORMAT = 1;
const FILE = 'lint-replay.json';

interface CacheFile {
  readonly format: number;
  readonly fingerprint: string;
  readonly entries: Record<string, unknown>;
}

let fingerprint: string | undefined;

/**
 * replayFingerprint identifies the replay code: the libpg-query version (its parse trees), and the
 * text of the functions that build the picture. A Tidemark whose replay records anything
 * differently has another fingerprint, so it never reads a delta an older replay wrote — without
 * anyone having to remember to bump a version number.
 */
export function replayFingerprint(): string {
  if (fingerprint === undefined) {
    let parser = 'unknown';
    try {
      parser = String((createRequire(import.meta.url)('libpg-query/package.json') as { version: string }).version);
    } catch {
      // Unknown parser version: the code text still identifies the replay.
    }
    const code = [replayStatement, SchemaState, ...Object.values(tableChanges), ...Object.values(ast)].filter((v) => typeof v === 'function').map(String);
    fingerprint = createHash('sha256').update([FORMAT, parser, ...code].join('\0')).digest('hex').slice(0, 32);
  }
  return fingerprint;
}

/**
 * chainKey is the key of a file's entry: a hash of the previous file's key, the file's display
 * path (objects remember the file that created them by it) and its checksum.
 *
 * @example chainKey(chainKey('', 'migrations/001_a.sql', sum1), 'migrations/002_b.sql', sum2)
 */
export function chainKey(previous: string, displayPath: string, checksum: string): string {
  return createHash('sha256').update(`${previous}\0${displayPath}\0${checksum}`).digest('hex');
}

/** ReplayCache is one project's cache of replayed schema states; see the module comment. */
export class ReplayCache {
  private readonly entries: Map<string, unknown>;
  private readonly live = new Set<string>();
  private changed = false;
  /** How many files this run took from the cache, and how many it replayed. */
  readonly counts = { hits: 0, replayed: 0 };

  private constructor(
    private readonly file: string | undefined,
    entries: Record<string, unknown>,
  ) {
    this.entries = new Map(Object.entries(entries));
  }

  /** open reads the cache kept in `dir`; a missing, damaged or foreign file starts it empty. */
  static async open(dir: string): Promise<ReplayCache> {
    const file = path.join(dir, FILE);
    try {
      const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<CacheFile>;
      if (parsed.format === FORMAT && parsed.fingerprint === replayFingerprint() && isObjectRecord(parsed.entries)) return new ReplayCache(file, parsed.entries);
      // Another version's cache: rewritten by this run.
      return new ReplayCache(file, {}).dirty();
    } catch {
      return new ReplayCache(file, {}).dirty();
    }
  }

  /** memory is a cache that is never saved (tests, and callers without a project directory). */
  static memory(): ReplayCache {
    return new ReplayCache(undefined, {});
  }

  private dirty(): this {
    this.changed = true;
    return this;
  }

  /**
   * keep marks the keys of the directory as it is now: save keeps their entries and drops every
   * other (files since edited, renamed or removed), so the file never outgrows the directory.
   */
  keep(keys: Iterable<string>): void {
    for (const key of keys) this.live.add(key);
  }

  /** delta returns a file's cached delta, or undefined (a damaged entry counts as none). */
  delta(key: string): StateDelta | undefined {
    this.live.add(key);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (isStateDelta(entry)) return entry;
    this.entries.delete(key);
    this.changed = true;
    return undefined;
  }

  /** store records what replaying a file changed. */
  store(key: string, delta: StateDelta): void {
    this.live.add(key);
    this.entries.set(key, delta);
    this.changed = true;
  }

  /** save writes the cache when it changed; a failed write (a read-only checkout) is ignored. */
  async save(): Promise<void> {
    const stale = [...this.entries.keys()].some((key) => !this.live.has(key));
    if (!this.file || !(this.changed || stale)) return;
    this.changed = false;
    const entries = Object.fromEntries([...this.entries].filter(([key]) => this.live.has(key)));
    const body: CacheFile = { format: FORMAT, fingerprint: replayFingerprint(), entries };
    try {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      // Written aside and renamed: a reader never sees half a file.
      const temporary = `${this.file}.${process.pid}.tmp`;
      await fs.writeFile(temporary, JSON.stringify(body));
      await fs.rename(temporary, this.file);
    } catch {
      // Not writable: the next run replays again.
    }
  }
}

const isObjectRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
