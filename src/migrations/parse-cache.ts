import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { StatementSpan } from '../parser/parser.js';
import type { MigrationSections, Section } from './sections.js';

/**
 * The parse cache keeps what parsing a migration file found — where its sections are, and where
 * each statement of a transactional section starts and ends — keyed by the file's checksum, so a
 * later run over unchanged files needs neither PostgreSQL's parser nor its WebAssembly module.
 *
 * Only files that parsed cleanly are kept: a file with an error is parsed again on every run, so
 * its error is reported as always and "a syntax error anywhere leaves the database untouched"
 * still holds. An entry describes exactly one text (its SHA-256), and the file as a whole is
 * keyed by the parser's version, so a new PostgreSQL grammar parses everything again. The cache
 * is an optimisation: a cache that cannot be read or written is ignored.
 */

const FORMAT = 1;

/** SectionPlace is a section as the cache keeps it: offsets into the file's text. */
interface SectionPlace {
  readonly start: number;
  readonly end: number;
  readonly transactional: boolean;
}

/** StoredSpan is a statement's place in its section; its text is the section's, sliced again. */
type StoredSpan = Omit<StatementSpan, 'text'>;

/** Entry is what one checksum's text was found to hold. */
interface Entry {
  readonly up: SectionPlace;
  readonly down?: SectionPlace;
  readonly description?: string;
  /** Statement spans of the transactional sections, relative to the section. */
  readonly statements?: { readonly up?: readonly StoredSpan[]; readonly down?: readonly StoredSpan[] };
}

interface CacheFile {
  readonly format: number;
  readonly parser: string;
  readonly entries: Record<string, Entry>;
}

let parserVersion: string | undefined;

/** The libpg-query version, read from its package.json without loading the module. */
function currentParserVersion(): string {
  if (parserVersion === undefined) {
    try {
      parserVersion = String((createRequire(import.meta.url)('libpg-query/package.json') as { version: string }).version);
    } catch {
      parserVersion = 'unknown';
    }
  }
  return parserVersion;
}

/** ParseCache is one project's cache of parsed migration files; see the module comment. */
export class ParseCache {
  private readonly entries: Map<string, Entry>;
  private readonly used = new Set<string>();
  private changed = false;
  private saving: Promise<void> = Promise.resolve();
  /** How many lookups this run answered from the cache, and how many it had to parse. */
  readonly hits = { sections: 0, statements: 0 };

  private constructor(
    private readonly file: string | undefined,
    entries: Record<string, Entry>,
  ) {
    this.entries = new Map(Object.entries(entries));
  }

  /** open reads the cache kept in `dir` (`parse.json`); a missing or unreadable file starts it empty. */
  static async open(dir: string): Promise<ParseCache> {
    const file = path.join(dir, 'parse.json');
    try {
      const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<CacheFile>;
      if (parsed.format === FORMAT && parsed.parser === currentParserVersion() && parsed.entries && typeof parsed.entries === 'object') return new ParseCache(file, parsed.entries);
    } catch {
      // Absent or damaged: parse as if there were no cache, and write a fresh one.
    }
    return new ParseCache(file, {});
  }

  /** memory is a cache that is never saved (the programmatic API without a project directory). */
  static memory(): ParseCache {
    return new ParseCache(undefined, {});
  }

  /** sections returns a file's sections when its text was parsed before. */
  sections(checksum: string, text: string): MigrationSections | undefined {
    const entry = this.entries.get(checksum);
    if (!entry || !placed(entry.up, text.length) || (entry.down && !placed(entry.down, text.length))) return undefined;
    this.used.add(checksum);
    this.hits.sections++;
    const section = (p: SectionPlace): Section => ({ sql: text.slice(p.start, p.end), offset: p.start, transactional: p.transactional });
    return { up: section(entry.up), down: entry.down ? section(entry.down) : undefined, description: entry.description };
  }

  /** keepSections records a file's sections once they parsed. */
  keepSections(checksum: string, sections: MigrationSections): void {
    const place = (s: Section): SectionPlace => ({ start: s.offset, end: s.offset + s.sql.length, transactional: s.transactional });
    const previous = this.entries.get(checksum);
    const entry: Entry = {
      up: place(sections.up),
      ...(sections.down ? { down: place(sections.down) } : {}),
      ...(sections.description !== undefined ? { description: sections.description } : {}),
      ...(previous?.statements ? { statements: previous.statements } : {}),
    };
    if (JSON.stringify(previous) !== JSON.stringify(entry)) this.changed = true;
    this.entries.set(checksum, entry);
    this.used.add(checksum);
  }

  /** statements returns the statement spans of a section parsed before. */
  statements(checksum: string, direction: 'up' | 'down', section: Section): readonly StatementSpan[] | undefined {
    const spans = this.entries.get(checksum)?.statements?.[direction];
    if (!spans || !spans.every((s) => s.start >= 0 && s.start <= s.end && s.end <= section.sql.length)) return undefined;
    this.hits.statements++;
    return spans.map((s) => ({ nodeType: s.nodeType, start: s.start, end: s.end, text: section.sql.slice(s.start, s.end).trimEnd() }));
  }

  /** keepStatements records the statement spans of a section that parsed. */
  keepStatements(checksum: string, direction: 'up' | 'down', spans: readonly StatementSpan[]): void {
    const entry = this.entries.get(checksum);
    if (!entry) return;
    const kept = spans.map((s): StoredSpan => ({ nodeType: s.nodeType, start: s.start, end: s.end }));
    this.entries.set(checksum, { ...entry, statements: { ...entry.statements, [direction]: kept } });
    this.changed = true;
  }

  /**
   * save writes the cache when it changed, keeping only the texts this run read, so it never
   * outgrows the migrations directory. A failed write (a read-only checkout) is ignored. Saves
   * run one after another.
   */
  save(): Promise<void> {
    this.saving = this.saving.then(() => this.write());
    return this.saving;
  }

  private async write(): Promise<void> {
    if (!this.file || !this.changed) return;
    this.changed = false;
    const entries = Object.fromEntries([...this.entries].filter(([checksum]) => this.used.has(checksum)));
    const body: CacheFile = { format: FORMAT, parser: currentParserVersion(), entries };
    try {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      // Written aside and renamed: a reader never sees half a file.
      const temporary = `${this.file}.${process.pid}.tmp`;
      await fs.writeFile(temporary, JSON.stringify(body));
      await fs.rename(temporary, this.file);
    } catch {
      // Not writable: the next run parses again.
    }
  }
}

const placed = (p: SectionPlace, length: number): boolean => Number.isInteger(p.start) && Number.isInteger(p.end) && p.start >= 0 && p.start <= p.end && p.end <= length;
