import type { Nodes, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { UsageError } from '../errors.js';
import { parseMarkdown } from '../reference/markdown.js';
import { KEEP_END, KEEP_START } from './markdown.js';

/**
 * Hand-written Markdown survives regeneration when it sits between `<!-- tidemark:keep -->` and
 * `<!-- /tidemark:keep -->`, each on a line of its own at the top level of the document.
 *
 * Matching: a block belongs to the section it is in — the nearest heading above it, named by its
 * heading path from the `##` level down ("Tables › users", "Overview"; the title does not count,
 * so renaming the document orphans nothing). Headings inside keep blocks are the author's and do
 * not move the anchor. On regeneration each block is put back, verbatim and in its original order,
 * at the end of its section's own text (before its first sub-heading and its closing `---`). A block
 * whose section is no longer generated (its table was dropped) is never lost: it moves to an
 * "Unplaced Notes" section at the end, for a person to move or delete.
 */

/** KeepBlock is one hand-written block: its text, markers included, and the section it belongs to. */
export interface KeepBlock {
  /** Heading path joined with " › "; empty for the preamble under the title. */
  readonly key: string;
  readonly text: string;
}

/** ExistingDocument is what regeneration takes from the file on disk. */
export interface ExistingDocument {
  readonly blocks: readonly KeepBlock[];
  /** The `Last Updated` date, kept when nothing else changed so regeneration is idempotent. */
  readonly date: string | null;
}

/** SECTION_SEPARATOR joins heading texts into a keep block's key. */
export const SECTION_SEPARATOR = ' › ';

/** readExistingDocument finds the keep blocks and the date of a document; `file` names it in errors. */
export async function readExistingDocument(text: string, file: string): Promise<ExistingDocument> {
  const root = await parseMarkdown(text);
  const marker = (node: RootContent | Nodes): 'start' | 'end' | null => {
    if (node.type !== 'html') return null;
    const value = node.value.trim();
    return value === KEEP_START ? 'start' : value === KEEP_END ? 'end' : null;
  };
  const at = (node: { position?: { start: { line: number; column: number } } | undefined }) =>
    `${file}:${node.position?.start.line ?? 1}:${node.position?.start.column ?? 1}`;

  assertTopLevelMarkers(root, marker, at);
  const headings: string[] = [];
  const blocks: KeepBlock[] = [];
  let open: { offset: number; key: string; node: RootContent } | null = null;
  let date: string | null = null;
  for (const node of root.children) {
    const kind = marker(node);
    if (kind === 'start') {
      if (open) throw new UsageError(`${at(node)}: ${KEEP_START} inside another keep block (opened at ${at(open.node)})`);
      open = { offset: node.position!.start.offset!, key: headings.slice(2).filter(Boolean).join(SECTION_SEPARATOR), node };
    } else if (kind === 'end') {
      if (!open) throw new UsageError(`${at(node)}: ${KEEP_END} without a ${KEEP_START} before it`);
      blocks.push({ key: open.key, text: text.slice(open.offset, node.position!.end.offset!) });
      open = null;
    } else if (!open && node.type === 'heading') {
      headings.length = node.depth;
      headings[node.depth] = toString(node);
    } else if (!open && date === null && node.type === 'paragraph') {
      date = /Last Updated: (\d{4}-\d{2}-\d{2})/.exec(toString(node))?.[1] ?? null;
    }
  }
  if (open) throw new UsageError(`${at(open.node)}: ${KEEP_START} is never closed by ${KEEP_END}`);
  return { blocks, date };
}

/** Markers nested in lists or quotes would be silently ignored, and their prose lost: refuse them. */
function assertTopLevelMarkers(root: Root, marker: (node: Nodes) => 'start' | 'end' | null, at: (node: Nodes) => string): void {
  const visit = (node: Nodes, top: boolean) => {
    if (!top && marker(node)) throw new UsageError(`${at(node)}: keep markers must stand on lines of their own at the top level of the document`);
    if ('children' in node) for (const child of node.children as Nodes[]) visit(child, false);
  };
  for (const child of root.children) {
    if ('children' in child) for (const inner of child.children as Nodes[]) visit(inner, false);
  }
}
