import type { KeywordCategory } from '../parser/keywords.js';
import type { ParsedStatement } from '../parser/parser.js';
import { definedNames, type DefinedName, type NameRole } from './facts.js';
import type { RuleContext } from './types.js';

/**
 * Names a statement defines that are PostgreSQL keywords barred from their position, and whether
 * the statement quotes them. Shared by reserved-keyword (written bare: an error) and
 * reserved-keyword-quoted (quoted: it works, but every later hand-written query must quote it).
 */

// Which categories cannot stand bare in each role, per PostgreSQL's grammar: table, column, index,
// constraint and schema names are ColId (no reserved or type/function-name keywords); type and
// function names are type_function_name (no reserved or column-name keywords).
const BLOCKED: Readonly<Record<NameRole, readonly KeywordCategory[]>> = {
  relation: ['reserved', 'type_func_name'],
  type: ['reserved', 'col_name'],
};

const LABEL: Readonly<Record<KeywordCategory, string>> = {
  none: '',
  unreserved: '',
  col_name: 'a keyword that cannot name a type or function',
  type_func_name: 'a keyword reserved except as a type or function name',
  reserved: 'a reserved keyword',
};

/** KeywordName is a defined name that is a barred keyword. */
export interface KeywordName {
  readonly defined: DefinedName;
  /** What the keyword is, for messages: "a reserved keyword" … */
  readonly label: string;
  /** True when the statement writes it as a quoted identifier ("limit"). */
  readonly quoted: boolean;
}

/**
 * Names that stand where the grammar takes a bare name only (ColId, never after a dot): a barred
 * keyword there parses only quoted, so the statement need not be scanned to know. Table, type and
 * function names can be qualified (`public.limit`), and a type name may be a column-name keyword
 * (`create type int`): those are looked up in the tokens.
 */
const ALWAYS_QUOTED = new Set(['column', 'attribute', 'constraint', 'index', 'trigger', 'policy', 'schema']);

/** quotedValue returns what a quoted-identifier token names, or undefined for other tokens. */
function quotedValue(text: string): string | undefined {
  if (text.length < 2 || !text.startsWith('"')) return undefined;
  return text.slice(1, -1).replaceAll('""', '"');
}

/**
 * keywordNames lists the barred keywords `statement` defines as names. A name counts as quoted
 * when a quoted-identifier token spells it at or after the parse tree's location for it (the
 * whole statement for names the tree does not locate): written bare, only a keyword token can.
 */
export function keywordNames(statement: ParsedStatement, ctx: RuleContext): KeywordName[] {
  // Both rules ask for the same statement in a row: scan its tokens once.
  const holder = statement as unknown as Record<symbol, KeywordName[] | undefined>;
  return (holder[CACHE] ??= findKeywordNames(statement, ctx));
}

const CACHE = Symbol('keywordNames');

function findKeywordNames(statement: ParsedStatement, ctx: RuleContext): KeywordName[] {
  const found: KeywordName[] = [];
  let tokens: ReturnType<RuleContext['tokens']> | undefined;
  for (const defined of definedNames(statement)) {
    const category = ctx.keywords(defined.name);
    if (!BLOCKED[defined.role].includes(category)) continue;
    let quoted = true;
    if (!ALWAYS_QUOTED.has(defined.kind)) {
      tokens ??= ctx.tokens(statement);
      const from = defined.location ?? -1;
      quoted = tokens.some((t) => t.location >= from && t.tokenName === 'IDENT' && quotedValue(t.text) === defined.name);
    }
    found.push({ defined, label: LABEL[category], quoted });
  }
  return found;
}

/** keywordWords lists the words the two rules classify (for the engine's batched scan). */
export function keywordWords(statement: ParsedStatement): string[] {
  return definedNames(statement).map((defined) => defined.name);
}
