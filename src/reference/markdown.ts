import type { Root } from 'mdast';

/**
 * The one entry to the Markdown parser (unified + remark-parse + remark-gfm for tables). It is
 * loaded on first use, so commands that never read Markdown never pay for it.
 */

type Parse = (text: string) => Root;
let loading: Promise<Parse> | undefined;

/** loadMarkdownParser imports the parser once per process. */
export function loadMarkdownParser(): Promise<Parse> {
  loading ??= Promise.all([import('unified'), import('remark-parse'), import('remark-gfm')]).then(([{ unified }, { default: remarkParse }, { default: remarkGfm }]) => {
    const processor = unified().use(remarkParse).use(remarkGfm);
    return (text: string) => processor.parse(text) as Root;
  });
  return loading;
}

/**
 * parseMarkdown returns the mdast syntax tree of `text`, with positions (line, column, offset).
 *
 * @example (await parseMarkdown('# Title')).children[0].type // 'heading'
 */
export async function parseMarkdown(text: string): Promise<Root> {
  return (await loadMarkdownParser())(text);
}
