/** TYPES_FORMATS are the shapes `tidemark types` can write: its own, or Supabase's `Database` type. */
export const TYPES_FORMATS = ['tidemark', 'supabase'] as const;
export type TypesFormat = (typeof TYPES_FORMATS)[number];
