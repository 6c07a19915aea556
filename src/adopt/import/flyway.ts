import fs from 'node:fs/promises';
import path from 'node:path';
import { MigrationFileError } from '../../errors.js';
import { splitStatements } from '../../parser/parser.js';
import type { ForeignMigration, ImportAdapter } from './adapter.js';
import { historyRows, readText, safeName, shown, withSections } from './common.js';

const VERSIONED = /^([VUB])(\d+(?:[._]\d+)*)__(.+)\.sql$/;
const REPEATABLE = /^R__(.+)\.sql$/;

/** Flyway versions are dot-separated numbers compared part by part, trailing zeros ignored (1.0 = 1). */
function versionParts(version: string): bigint[] {
  const parts = version.split(/[._]/).map((p) => BigInt(p));
  while (parts.length > 1 && parts.at(-1) === 0n) parts.pop();
  return parts;
}

function compareParts(a: readonly bigint[], b: readonly bigint[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i] ?? 0n, b[i] ?? 0n];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

const keyOf = (parts: readonly bigint[]) => `v:${parts.join('.')}`;

/**
 * Tidemark versions are single numbers. Plain Flyway versions (V1, V2, V10) keep their number;
 * dotted ones (V1.1, V1_2) become fixed-width digit strings, one equal-width field per part, so
 * that numeric order is Flyway's order: with fields of width 2, 1.1 → 0101 and 2 → 0200.
 */
function tidemarkVersions(all: readonly (readonly bigint[])[]): (parts: readonly bigint[]) => string {
  const depth = Math.max(1, ...all.map((p) => p.length));
  if (depth === 1) return (parts) => parts[0]!.toString();
  const width = Math.max(...all.flatMap((p) => p.map((n) => n.toString().length)));
  return (parts) => Array.from({ length: depth }, (_, i) => (parts[i] ?? 0n).toString().padStart(width, '0')).join('');
}

// Statements PostgreSQL refuses inside a transaction block; Flyway runs a migration holding one
// without a transaction, and so must Tidemark.
function refusesTransaction(node: { nodeType: string; node: Record<string, unknown> }): boolean {
  switch (node.nodeType) {
    case 'IndexStmt':
    case 'DropStmt':
      return node.node['concurrent'] === true;
    case 'ReindexStmt':
      return JSON.stringify(node.node['params'] ?? []).includes('"concurrently"');
    case 'VacuumStmt':
    case 'CreatedbStmt':
    case 'DropdbStmt':
    case 'AlterSystemStmt':
      return true;
    default:
      return false;
  }
}

async function sqlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sqlFiles(full)));
    else if (entry.isFile() && entry.name.endsWith('.sql')) out.push(full);
  }
  return out;
}

/**
 * Flyway: `V<version>__<description>.sql` in any subfolder of a location, `U<version>__…` the
 * undo of that version (Flyway Teams), `R__…` repeatable and `B<version>__…` baseline migrations.
 * A V file becomes an up section, its U file the down section. `flyway_schema_history` lists every
 * run by installed_rank; a version is applied when its last successful entry applied it (an undo
 * or a repair's delete marker un-applies it), and a BASELINE entry covers every version up to its own.
 */
export const flyway: ImportAdapter = {
  layout: 'V<version>__<description>.sql (+ U<version>__… undo files)',
  historyTable: { schema: 'public', name: 'flyway_schema_history' },

  async read(dir, root) {
    const files = await sqlFiles(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new MigrationFileError(`${shown(root, dir)} is not a folder`);
      throw error;
    });
    const ups = new Map<string, { parts: bigint[]; description: string; file: string }>();
    const undos = new Map<string, string>();
    const warnings: string[] = [];
    for (const file of files.sort()) {
      const base = path.basename(file);
      const match = VERSIONED.exec(base);
      if (!match) {
        warnings.push(
          REPEATABLE.test(base)
            ? `${shown(root, file)}: a repeatable migration; Tidemark has none (put it in the declarative schema or a new migration); not imported`
            : `${shown(root, file)}: not a Flyway migration name; not imported`,
        );
        continue;
      }
      const [, kind, version, description] = match as unknown as [string, 'V' | 'U' | 'B', string, string];
      const parts = versionParts(version);
      const key = keyOf(parts);
      if (kind === 'B') {
        warnings.push(`${shown(root, file)}: a baseline migration (used only on empty databases); not imported`);
      } else if (kind === 'U') {
        undos.set(key, file);
      } else {
        const other = ups.get(key);
        if (other) throw new MigrationFileError(`${shown(root, file)}: version ${version} is also used by ${shown(root, other.file)}`);
        ups.set(key, { parts, description, file });
      }
    }
    for (const [key, file] of undos) if (!ups.has(key)) warnings.push(`${shown(root, file)}: undoes a version no V file has; not imported`);
    const ordered = [...ups.values()].sort((a, b) => compareParts(a.parts, b.parts));
    const toVersion = tidemarkVersions(ordered.map((u) => u.parts));
    const migrations: ForeignMigration[] = [];
    for (const up of ordered) {
      const undo = undos.get(keyOf(up.parts));
      const [upText, downText] = [await readText(up.file), undo === undefined ? undefined : await readText(undo)];
      const statements = [...(await splitStatements(upText)), ...(downText === undefined ? [] : await splitStatements(downText))];
      const transactional = !statements.some(refusesTransaction);
      migrations.push({
        version: toVersion(up.parts),
        name: safeName(up.description),
        text: withSections(upText, downText, { transactional }),
        source: shown(root, up.file),
        keys: [keyOf(up.parts)],
      });
    }
    return { migrations, warnings };
  },

  async history(db, table, migrations) {
    const rows = await historyRows<{ version: string | null; type: string; success: boolean; description: string }>(
      db,
      table,
      (t) => `SELECT version, type, success, description FROM ${t} ORDER BY installed_rank`,
    );
    const applied = new Map<string, string>();
    const entries: { keys: string[]; label: string }[] = [];
    for (const row of rows) {
      // SCHEMA marks the schemas Flyway created itself; not a migration.
      if (!row.success || row.version === null || row.type === 'SCHEMA') continue;
      const parts = versionParts(row.version);
      const key = keyOf(parts);
      if (row.type === 'UNDO_SQL' || row.type === 'DELETE') applied.delete(key);
      else if (row.type === 'BASELINE') {
        const covered = migrations.filter((m) => compareParts(versionParts(m.keys[0]!.slice(2)), parts) <= 0).map((m) => m.keys[0]!);
        entries.push({ keys: [key, ...covered], label: `baseline ${row.version}` });
      } else applied.set(key, `${row.version} ${row.description}`);
    }
    for (const [key, label] of applied) entries.push({ keys: [key], label });
    return { entries };
  },
};
