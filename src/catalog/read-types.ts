import type { CollationDef, CompositeAttributeDef, CompositeDef, RangeDef } from '../model/type-defs.js';
import { str } from './rows.js';
import { COMPOSITES_SQL, collationsSql, rangesSql, typeFeatures } from './queries-types.js';

type Row = Record<string, unknown>;
const nullable = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const PROVIDERS: Record<string, CollationDef['provider']> = { c: 'libc', i: 'icu', b: 'builtin' };

/** UserTypes are the parts of the model read by {@link readUserTypes}. */
export interface UserTypes {
  readonly composites: CompositeDef[];
  readonly ranges: RangeDef[];
  readonly collations: CollationDef[];
}

/**
 * readUserTypes reads the composite types, range types and collations of the selected schemas,
 * three queries whatever their number. Collations of provider `default` (only the database's own)
 * cannot be created and are not read.
 */
export async function readUserTypes(rows: (sql: string, params?: unknown[]) => Promise<Row[]>, schemas: unknown[], serverVersionNum: number): Promise<UserTypes> {
  const features = typeFeatures(serverVersionNum);
  const [composites, ranges, collations] = [await rows(COMPOSITES_SQL, schemas), await rows(rangesSql(features), schemas), await rows(collationsSql(features), schemas)];
  return {
    composites: composites.map((r) => ({
      schema: str(r['schema']),
      name: str(r['name']),
      attributes: (typeof r['attributes'] === 'string' ? JSON.parse(r['attributes']) : r['attributes']) as CompositeAttributeDef[],
      comment: nullable(r['comment']),
    })),
    ranges: ranges.map((r) => ({
      schema: str(r['schema']),
      name: str(r['name']),
      subtype: str(r['subtype']),
      subtypeOpclass: nullable(r['subtype_opclass']),
      collation: nullable(r['collation']),
      canonical: nullable(r['canonical']),
      subtypeDiff: nullable(r['subtype_diff']),
      multirange: nullable(r['multirange']),
      comment: nullable(r['comment']),
    })),
    collations: collations.flatMap((r): CollationDef[] => {
      const provider = PROVIDERS[str(r['provider'])];
      if (!provider) return [];
      const libc = provider === 'libc';
      return [
        {
          schema: str(r['schema']),
          name: str(r['name']),
          provider,
          locale: libc ? null : nullable(r['locale']),
          lcCollate: libc ? nullable(r['lc_collate']) : null,
          lcCtype: libc ? nullable(r['lc_ctype']) : null,
          deterministic: r['deterministic'] === true,
          rules: nullable(r['rules']),
          comment: nullable(r['comment']),
        },
      ];
    }),
  };
}
