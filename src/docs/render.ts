import type { SchemaModel } from '../model/types.js';
import { quoteLiteral } from '../sql/quote.js';
import type { HistoryRow, RowEstimate } from './collect.js';
import { DEFAULT_SCHEMA, type Display } from './display.js';
import { splitEnumComment } from './enum-comment.js';
import { cell, code, escapeText, paragraphText, table, KEEP_START, KEEP_END } from './markdown.js';
import { renderRelationships } from './relationships.js';
import { renderTableBody } from './render-table.js';

/** RenderOptions is everything the document shows besides the model. */
export interface RenderOptions {
  readonly title: string;
  /** `YYYY-MM-DD`: the Last Updated date and the date row counts were read. */
  readonly date: string;
  /** Row-count estimates; null leaves the section out (no database, or `docs.rowCounts: false`). */
  readonly rowCounts: readonly RowEstimate[] | null;
  /** Migration history; null leaves the section out. */
  readonly history: readonly HistoryRow[] | null;
}

/**
 * DocSection is one heading of the document and the Markdown under it (up to its first
 * sub-heading). `path` is the heading texts from the `##` level down — the key hand-written
 * `tidemark:keep` blocks are anchored to.
 */
export interface DocSection {
  readonly path: readonly string[];
  readonly depth: number;
  readonly body: string;
  /** Whether a `---` rule closes the section (as in seed 000, after each table and each `##` part). */
  readonly rule: boolean;
}

/** RenderedDocument is the preamble (title and generated note) and the sections, in order. */
export interface RenderedDocument {
  readonly title: string;
  readonly preamble: string;
  readonly sections: readonly DocSection[];
}

/**
 * renderSections lays the model out in seed 000's format: Overview, Tables, Enums, Domains, Views,
 * Functions, Relationships, Row Counts, Migration History. Output depends only on its inputs.
 */
export function renderSections(model: SchemaModel, options: RenderOptions, d: Display): RenderedDocument {
  const sections: DocSection[] = [];
  const add = (path: string[], body: string, rule = true) => sections.push({ path, depth: path.length + 1, body, rule });

  add(['Overview'], overview(model, d));

  if (model.tables.length) {
    add(['Tables'], '', false);
    for (const t of model.tables) add(['Tables', d.name(t)], renderTableBody(t, d));
  }

  if (model.enums.length) {
    add(['Enums'], '', false);
    for (const e of model.enums) {
      const { summary, values } = splitEnumComment(e.comment, e.values);
      const create = ['```sql', `CREATE TYPE ${d.name(e)} AS ENUM (${e.values.map(quoteLiteral).join(', ')});`, '```'].join('\n');
      const rows = e.values.map((v) => [cell(v), cell(values.get(v) ?? '')]);
      add(['Enums', d.name(e)], [summary ? paragraphText(summary) : null, create, table(['Value', 'Description'], rows)].filter((p) => p !== null).join('\n\n'));
    }
  }

  if (model.domains.length) {
    const lines = model.domains.map((dom) => {
      const parts = [`${code(d.name(dom))}: ${code(d.type(dom.type))}`];
      if (dom.notNull) parts.push('NOT NULL');
      if (dom.default !== null) parts.push(`DEFAULT ${code(d.sql(dom.default))}`);
      for (const c of dom.checks) parts.push(code(d.sql(c.definition)));
      return `- ${parts.join(' ')}${dom.comment ? ` — ${cell(dom.comment)}` : ''}`;
    });
    add(['Domains'], lines.join('\n'));
  }

  if (model.views.length) {
    const lines = model.views.map((v) => {
      const kind = v.materialized ? ' (materialized)' : '';
      const columns = v.columns.map((c) => d.ident(c.name)).join(', ');
      return `- ${code(d.name(v))}${kind}: ${code(columns)}${v.comment ? ` — ${cell(v.comment)}` : ''}`;
    });
    add(['Views'], lines.join('\n'));
  }

  if (model.functions.length) {
    const lines = model.functions.map((f) => {
      const kind = f.kind === 'procedure' ? ' (procedure)' : '';
      return `- ${code(`${d.name(f)}(${d.sql(f.identityArguments)})`)}${kind}${f.comment ? ` — ${cell(f.comment)}` : ''}`;
    });
    add(['Functions'], lines.join('\n'));
  }

  const relationships = renderRelationships(model.tables, d);
  if (relationships) add(['Relationships'], relationships);

  if (options.rowCounts) {
    const byTable = new Map(options.rowCounts.map((r) => [`${r.schema}.${r.name}`, r.rows]));
    const rows = model.tables
      .filter((t) => !t.partitioning)
      .map((t) => [cell(d.name(t)), approximate(byTable.get(`${t.schema}.${t.name}`) ?? 0), options.date]);
    add(['Row Counts'], [`*Planner estimates (\`pg_class.reltuples\`, else \`pg_stat_user_tables.n_live_tup\`), not exact counts.*`, table(['Table', 'Approximate Rows', 'Last Checked'], rows)].join('\n\n'));
  }

  if (options.history) {
    const rows = options.history.map((h) => [cell(h.version), cell(h.file), cell(h.description), h.applied ?? '-']);
    const body = rows.length ? table(['Version', 'File', 'Description', 'Applied'], rows) : '*No migrations applied.*';
    add(['Migration History'], body);
  }

  const preamble = [
    `*Generated by \`tidemark docs\` from the schema. Last Updated: ${options.date}*`,
    `*Edit only between ${code(KEEP_START)} and ${code(KEEP_END)} markers: everything else is rewritten on regeneration.*`,
  ].join('\n\n');
  return { title: options.title, preamble, sections };
}

function overview(model: SchemaModel, d: Display): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const schemas = model.schemas.map((s) => s.name).filter((s) => s !== DEFAULT_SCHEMA || model.schemas.length > 1);
  const lines = [
    `This document describes ${count(model.tables.length, 'table', 'tables')}, ${count(model.enums.length, 'enum', 'enums')}, ` +
      `${count(model.views.length, 'view', 'views')} and ${count(model.functions.length, 'function', 'functions')}` +
      (schemas.length ? ` in schemas ${schemas.map((s) => code(d.ident(s))).join(', ')}.` : '.'),
  ];
  if (model.extensions.length) {
    lines.push(`Extensions: ${model.extensions.map((e) => `${code(d.ident(e.name))} ${escapeText(e.version)}`).join(', ')}.`);
  }
  return lines.join('\n\n');
}

/** approximate rounds an estimate to two significant digits above 1,000, as estimates deserve. */
export function approximate(rows: number): string {
  if (rows < 1000) return String(Math.max(0, Math.round(rows)));
  const magnitude = 10 ** (Math.floor(Math.log10(rows)) - 1);
  const rounded = Math.round(rows / magnitude) * magnitude;
  return `~${rounded.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}
