import type { MigrationSections, Section } from '../../migrations/sections.js';
import { splitStatements, type ParsedStatement } from '../../parser/parser.js';
import { listName, nodeAs, statementAs } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { FileInsertion, Finding, Fix, FixPart, MovedObject } from '../types.js';

/**
 * Rewriting one migration file into the safe forms its findings carry ({@link Fix}), in memory.
 * What stays in the file is edited where it is — statements located by libpg-query's statement
 * positions, insertions at the scanner's token positions — and the rest of the file, comments
 * included, is left as written. What must run outside a transaction goes to a migration of its own
 * marked `transaction:false`, one statement each (a failure in such a section leaves it half
 * applied), and what must wait for the next migration (VALIDATE …) to one after those: the
 * `<name>_concurrently` and `<name>_validate` files `generate` writes too. Each added file's down
 * section reverts it; a drop in this file's down section of what moved later moves with it.
 */

/** AddedMigration is a migration a rewrite adds after the file: its name suffix and text. */
export interface AddedMigration {
  readonly suffix: string;
  readonly text: string;
}

/** Rewrite is the result of {@link rewriteMigration}. */
export interface Rewrite {
  /** The file's new text (equal to the old one when nothing was fixed). */
  readonly text: string;
  /** Migrations to add right after the file, in order (each given one of the versions allocated). */
  readonly added: readonly AddedMigration[];
  readonly fixed: readonly Finding[];
  readonly left: readonly { readonly finding: Finding; readonly reason: string }[];
}

/** Edit replaces text[from, to) of the file. */
interface Edit {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** Plan is the fixes chosen for the file and the migrations they add. */
interface Plan {
  readonly fixes: readonly { readonly finding: Finding; readonly fix: Fix }[];
  /** The fixes, each once: two findings may carry the same fix of one statement. */
  readonly unique: readonly Fix[];
  readonly concurrent: readonly FixPart[];
  readonly next: FixPart | undefined;
  /** The one concurrent part the file takes itself, its up section having nothing else left. */
  readonly flip: Fix | undefined;
}

const statementsOf = async (section: Section | undefined) => (section ? splitStatements(section.sql) : []);

/**
 * rewriteMigration applies the findings' fixes to a migration's text. `allocate(n)` gives the
 * versions for `n` migrations after the file, or undefined when there is no room for them (the
 * next version is taken): then only the fixes that stay within the file are made.
 *
 * @example const { text, added } = await rewriteMigration(text, sections, findings, (n) => ['20260101000001'].slice(0, n));
 */
export async function rewriteMigration(text: string, sections: MigrationSections, findings: readonly Finding[], allocate: (count: number) => readonly string[] | undefined): Promise<Rewrite & { readonly versions: readonly string[] }> {
  const left: { finding: Finding; reason: string }[] = [];
  const candidates: { finding: Finding; fix: Fix }[] = [];
  const replaced = new Map<number, Fix>();
  for (const finding of findings) {
    const fix = finding.fix;
    if (!fix) continue;
    if (fix.manual) left.push({ finding, reason: fix.manual });
    else if (fix.section !== 'up') left.push({ finding, reason: 'in the down section, which --fix leaves as written' });
    else {
      // Several fixes may insert into one statement; only one may replace it.
      const other = replaced.get(fix.start);
      if (other && (!other.edits || !fix.edits)) left.push({ finding, reason: 'another fix rewrites the same statement: run --fix again' });
      else {
        replaced.set(fix.start, fix);
        candidates.push({ finding, fix });
      }
    }
  }
  const [up, down] = await Promise.all([statementsOf(sections.up), statementsOf(sections.down)]);
  let plan = planOf(candidates, up, down, sections);
  let versions = allocate(plan.concurrent.length + (plan.next ? 1 : 0));
  if (!versions) {
    const inFile = candidates.filter(({ fix }) => !fix.concurrent?.up.length && !fix.next?.up.length);
    for (const c of candidates) if (!inFile.includes(c)) left.push({ finding: c.finding, reason: 'no free version right after this file for the migration it needs' });
    plan = planOf(inFile, up, down, sections);
    versions = [];
  }
  if (plan.fixes.length === 0) return { text, added: [], fixed: [], left, versions: [] };
  const edits = editsOf(text, sections, plan, down);
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.from - a.from || b.to - a.to)) out = `${out.slice(0, edit.from)}${edit.text}${out.slice(edit.to)}`;
  const added: AddedMigration[] = plan.concurrent.map((part, i) => ({ suffix: i === 0 ? '_concurrently' : `_concurrently_${i + 1}`, text: migrationText(part, false) }));
  if (plan.next) added.push({ suffix: '_validate', text: migrationText(plan.next, true) });
  return { text: out, added, fixed: plan.fixes.map((f) => f.finding), left, versions };
}

function planOf(fixes: readonly { finding: Finding; fix: Fix }[], up: readonly ParsedStatement[], down: readonly ParsedStatement[], sections: MigrationSections): Plan {
  const unique = [...new Map(fixes.map((f) => [`${f.fix.start}:${f.fix.inPlace.join('\n')}`, f.fix])).values()];
  const concurrent = unique.filter((f) => f.concurrent?.up.length).map((f) => f.concurrent!);
  const nextUp = unique.flatMap((f) => f.next?.up ?? []);
  // Each fix lists its own down statements in revert order; the fixes revert last first.
  const nextDown = [...unique].reverse().flatMap((f) => f.next?.down ?? []);
  const next = nextUp.length ? { up: nextUp, down: nextDown } : undefined;
  // The file can take the only concurrent statement itself when nothing else is left in it.
  const removed = new Set(unique.filter((f) => f.inPlace.length === 0).map((f) => f.start));
  const upLeft = up.filter((s) => !removed.has(sections.up.offset + s.start)).length;
  const downLeft = down.filter((s) => !movedDrop(s, unique.flatMap((f) => f.moved ?? []))).length;
  const flipping = sections.up.transactional && upLeft === 0 && downLeft === 0 && concurrent.length === 1;
  const flip = flipping ? unique.find((f) => f.concurrent?.up.length) : undefined;
  return { fixes, unique, concurrent: flip ? [] : concurrent, next, flip };
}

function editsOf(text: string, sections: MigrationSections, plan: Plan, down: readonly ParsedStatement[]): Edit[] {
  const edits: Edit[] = [];
  const moved = plan.unique.flatMap((f) => f.moved ?? []);
  for (const fix of plan.unique) {
    if (fix === plan.flip) edits.push({ from: fix.start, to: fix.end, text: withoutSemicolon(fix.concurrent!.up) });
    else if (fix.edits) edits.push(...fix.edits.map((e: FileInsertion) => ({ from: e.at, to: e.at, text: e.text })));
    else if (fix.inPlace.length) edits.push({ from: fix.start, to: fix.end, text: withoutSemicolon(fix.inPlace) });
    else edits.push(removal(text, fix.start, fix.end));
  }
  const { down: downSection } = sections;
  if (downSection) {
    for (const s of down) if (movedDrop(s, moved)) edits.push(removal(text, downSection.offset + s.start, downSection.offset + s.end));
    const first = plan.flip ? [...plan.flip.concurrent!.down] : [...plan.unique].reverse().flatMap((f) => f.downFirst ?? []);
    if (first.length) edits.push({ from: downSection.offset, to: downSection.offset, text: `${[...new Set(first)].join('\n')}\n` });
  } else if (plan.flip?.concurrent!.down.length) {
    edits.push({ from: text.length, to: text.length, text: `${text.endsWith('\n') ? '' : '\n'}\n-- migrate:down transaction:false\n${plan.flip.concurrent!.down.join('\n')}\n` });
  }
  if (plan.flip) {
    edits.push(...markerEdits(text, sections));
  }
  return edits;
}

/** markerEdits mark the file's sections `transaction:false` (adding an up marker to a file that has none). */
function markerEdits(text: string, sections: MigrationSections): Edit[] {
  const edits: Edit[] = [];
  const mark = (section: Section) => {
    if (!section.transactional) return;
    // The marker is the line just before the section's first character.
    const lineEnd = section.offset - 1;
    let end = lineEnd;
    while (end > 0 && /\s/.test(text[end - 1]!)) end--;
    edits.push({ from: end, to: end, text: ' transaction:false' });
  };
  // An up section starting at 0 has no marker line above it: the file has no markers at all.
  if (sections.up.offset === 0) edits.push({ from: 0, to: 0, text: '-- migrate:up transaction:false\n' });
  else mark(sections.up);
  if (sections.down) mark(sections.down);
  return edits;
}

/** withoutSemicolon joins statements for where one stood; the original `;` stays after them. */
const withoutSemicolon = (statements: readonly string[]) => statements.join('\n').replace(/;$/, '');

/**
 * removal removes a statement with its `;`, and its line when nothing else is on it. The
 * semicolon is the next character after the statement's last token, spaces apart.
 */
function removal(text: string, start: number, end: number): Edit {
  let to = end;
  while (text[to] === ' ' || text[to] === '\t') to++;
  if (text[to] === ';') to++;
  let from = start;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  let after = to;
  while (text[after] === ' ' || text[after] === '\t' || text[after] === '\r') after++;
  if (before.trim() === '' && (text[after] === '\n' || after === text.length)) {
    from = lineStart;
    to = after === text.length ? after : after + 1;
  }
  return { from, to, text: '' };
}

/** movedDrop tells whether a down-section statement drops only an index or constraint a fix moved to a later migration. */
function movedDrop(statement: ParsedStatement, moved: readonly MovedObject[]): boolean {
  const drop = statementAs(statement, 'DropStmt');
  if (drop?.removeType === 'OBJECT_INDEX' && drop.objects?.length === 1) {
    const name = listName(nodeAs(drop.objects[0], 'List')?.items);
    return moved.some((m) => m.kind === 'index' && m.name === name?.name);
  }
  const commands = alterCommands(statement);
  if (commands.length !== 1 || commands[0]!.cmd.subtype !== 'AT_DropConstraint') return false;
  const { table, cmd } = commands[0]!;
  return moved.some((m) => m.kind === 'constraint' && m.name === cmd.name && m.table.name === table.name && m.table.schema === table.schema);
}

/** migrationText is an added migration, in the format `tidemark new` writes. */
function migrationText(part: FixPart, transactional: boolean): string {
  const marker = transactional ? '' : ' transaction:false';
  const down = part.down.length ? `${part.down.join('\n')}\n` : '';
  return `-- migrate:up${marker}\n${part.up.join('\n')}\n\n-- migrate:down${marker}\n${down}`;
}
