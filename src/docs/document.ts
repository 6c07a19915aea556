import type { SchemaModel } from '../model/types.js';
import { loadDisplay } from './display.js';
import { readExistingDocument, SECTION_SEPARATOR, type KeepBlock } from './keep.js';
import { escapeText } from './markdown.js';
import { renderSections, type RenderedDocument, type RenderOptions } from './render.js';

/** DocumentOptions are {@link RenderOptions} without the date, which comes from the clock. */
export type DocumentOptions = Omit<RenderOptions, 'date'>;

/**
 * renderDocument renders the reference document for `model`. Given the document currently on
 * disk, it carries its `tidemark:keep` blocks over (see keep.ts) and keeps its date when nothing
 * else changed, so regenerating an up-to-date document reproduces it byte for byte — which is what
 * `--check` relies on. `now` is injected so output is deterministic.
 *
 * @example const text = await renderDocument(model, { title: 'Database Reference', rowCounts: null, history: null }, { now: new Date() });
 */
export async function renderDocument(
  model: SchemaModel,
  options: DocumentOptions,
  context: { now: Date; existing?: { text: string; file: string } | undefined },
): Promise<string> {
  const display = await loadDisplay();
  const existing = context.existing ? await readExistingDocument(context.existing.text, context.existing.file) : { blocks: [], date: null };
  const today = context.now.toISOString().slice(0, 10);
  if (existing.date !== null && existing.date !== today) {
    const unchanged = assemble(renderSections(model, { ...options, date: existing.date }, display), existing.blocks);
    if (unchanged === context.existing?.text) return unchanged;
  }
  return assemble(renderSections(model, { ...options, date: today }, display), existing.blocks);
}

const UNPLACED = 'Unplaced Notes';

/** assemble writes the sections with their keep blocks, in seed 000's layout. */
export function assemble(doc: RenderedDocument, blocks: readonly KeepBlock[]): string {
  const keyOf = (path: readonly string[]) => path.join(SECTION_SEPARATOR);
  const generated = new Set(['', ...doc.sections.map((s) => keyOf(s.path))]);
  const kept = new Map<string, string[]>();
  for (const block of blocks) {
    const key = generated.has(block.key) ? block.key : UNPLACED;
    kept.set(key, [...(kept.get(key) ?? []), block.text]);
  }
  const sections = [...doc.sections];
  if (kept.has(UNPLACED)) {
    sections.push({ path: [UNPLACED], depth: 2, body: '*Hand-written notes whose section is no longer generated: move them where they belong, or delete them.*', rule: true });
  }
  const out: string[] = [`# ${escapeText(doc.title)}`, doc.preamble, ...(kept.get('') ?? []), '---'];
  for (const s of sections) {
    out.push(`${'#'.repeat(s.depth)} ${escapeText(s.path.at(-1) ?? '')}`);
    if (s.body) out.push(s.body);
    out.push(...(kept.get(keyOf(s.path)) ?? []));
    if (s.rule) out.push('---');
  }
  out.push('*This file is generated: run `tidemark docs` after schema changes; `tidemark docs --check` fails when it is stale.*');
  return `${out.join('\n\n')}\n`;
}
