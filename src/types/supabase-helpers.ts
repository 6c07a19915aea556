/**
 * The helper types `supabase gen types typescript` puts after `Database`, with the same names and
 * meaning, so code written against Supabase's generated file compiles against Tidemark's:
 * `Tables<'profiles'>` is a row, `TablesInsert<'profiles'>` and `TablesUpdate<'profiles'>` what a
 * write takes, `Enums<'status'>` and `CompositeTypes<'address'>` the types — of the `public`
 * schema by default, of any other with `Tables<{ schema: 'other' }, 'table'>`.
 */
export const SUPABASE_HELPERS: readonly string[] = [
  'type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">',
  '',
  'type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]',
  '',
  'export type Tables<',
  '  DefaultSchemaTableNameOrOptions extends',
  '    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])',
  '    | { schema: keyof DatabaseWithoutInternals },',
  '  TableName extends DefaultSchemaTableNameOrOptions extends {',
  '    schema: keyof DatabaseWithoutInternals',
  '  }',
  '    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &',
  '        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])',
  '    : never = never,',
  '> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }',
  '  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &',
  '      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {',
  '      Row: infer R',
  '    }',
  '    ? R',
  '    : never',
  '  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])',
  '    ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {',
  '        Row: infer R',
  '      }',
  '      ? R',
  '      : never',
  '    : never',
  '',
  ...writeHelper('TablesInsert', 'Insert', 'I'),
  '',
  ...writeHelper('TablesUpdate', 'Update', 'U'),
  '',
  ...typeHelper('Enums', 'Enums', 'EnumName'),
  '',
  ...typeHelper('CompositeTypes', 'CompositeTypes', 'CompositeTypeName'),
];

function writeHelper(name: string, member: 'Insert' | 'Update', infer: string): string[] {
  return [
    `export type ${name}<`,
    '  DefaultSchemaTableNameOrOptions extends',
    '    | keyof DefaultSchema["Tables"]',
    '    | { schema: keyof DatabaseWithoutInternals },',
    '  TableName extends DefaultSchemaTableNameOrOptions extends {',
    '    schema: keyof DatabaseWithoutInternals',
    '  }',
    '    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]',
    '    : never = never,',
    '> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }',
    '  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {',
    `      ${member}: infer ${infer}`,
    '    }',
    `    ? ${infer}`,
    '    : never',
    '  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]',
    '    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {',
    `        ${member}: infer ${infer}`,
    '      }',
    `      ? ${infer}`,
    '      : never',
    '    : never',
  ];
}

function typeHelper(name: string, member: 'Enums' | 'CompositeTypes', param: string): string[] {
  const options = `DefaultSchema${member === 'Enums' ? 'Enum' : 'CompositeType'}NameOrOptions`;
  return [
    `export type ${name}<`,
    `  ${options} extends`,
    `    | keyof DefaultSchema["${member}"]`,
    '    | { schema: keyof DatabaseWithoutInternals },',
    `  ${param} extends ${options} extends {`,
    '    schema: keyof DatabaseWithoutInternals',
    '  }',
    `    ? keyof DatabaseWithoutInternals[${options}["schema"]]["${member}"]`,
    '    : never = never,',
    `> = ${options} extends { schema: keyof DatabaseWithoutInternals }`,
    `  ? DatabaseWithoutInternals[${options}["schema"]]["${member}"][${param}]`,
    `  : ${options} extends keyof DefaultSchema["${member}"]`,
    `    ? DefaultSchema["${member}"][${options}]`,
    '    : never',
  ];
}
