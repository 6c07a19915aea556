import type { Finding, LintReport, Severity } from './types.js';

/**
 * Renderers of a {@link LintReport}: text for people, JSON for tools, and GitHub Actions
 * workflow commands, which GitHub turns into annotations on the pull request's diff.
 */

/** LintFormat names a renderer. */
export type LintFormat = 'text' | 'json' | 'github';

/** LINT_FORMATS lists the formats, for flag validation. */
export const LINT_FORMATS: readonly LintFormat[] = ['text', 'json', 'github'];

/** Paint colours text parts; identity functions give plain text. */
export interface Paint {
  readonly error: (s: string) => string;
  readonly warn: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const plain: Paint = { error: (s) => s, warn: (s) => s, dim: (s) => s, bold: (s) => s };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** indent prefixes each line of a suggestion, so it reads as part of the finding above it. */
const indent = (text: string, by: string) => text.split('\n').map((line) => `${by}${line}`).join('\n');

/**
 * formatText renders `file:line:col  severity  rule  message`, a hint line under each finding,
 * the suggested SQL (when the finding has one) indented under that, and a summary.
 *
 * @example formatText(report) // "migrations/003_x.sql:5:5  error  set-null-on-not-null  …\n  hint: …\n…"
 */
export function formatText(report: LintReport, paint: Paint = plain): string {
  const lines: string[] = [];
  const label: Record<Severity, string> = { error: paint.error('error'), warn: paint.warn('warn ') };
  for (const f of report.findings) {
    lines.push(`${f.file}:${f.line}:${f.column}  ${label[f.severity]}  ${paint.bold(f.rule)}  ${f.message}`);
    lines.push(paint.dim(`  hint: ${f.hint}`));
    if (f.suggestion) lines.push(paint.dim('  suggestion:'), indent(f.suggestion, '    '));
  }
  for (const s of report.skipped) lines.push(paint.dim(`${s.file}: skipped (${s.reason})`));
  if (lines.length) lines.push('');
  const files = plural(report.files.length, 'file');
  lines.push(
    report.findings.length === 0
      ? `No problems in ${files}.`
      : `${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')} in ${files}.`,
  );
  return `${lines.join('\n')}\n`;
}

/** formatJson renders the report as one JSON document; a finding's `suggestion` is its safe form as SQL. */
export function formatJson(report: LintReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

// GitHub's workflow-command escaping: message data escapes %, CR and LF; property values also
// escape : and , (which separate properties).
const escapeData = (s: string) => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (s: string) => escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');

function annotation(f: Finding): string {
  const command = f.severity === 'error' ? 'error' : 'warning';
  const properties = [`file=${escapeProperty(f.file)}`, `line=${f.line}`, `col=${f.column}`, `title=${escapeProperty(`tidemark lint: ${f.rule}`)}`].join(',');
  const suggestion = f.suggestion ? `\nsuggestion:\n${f.suggestion}` : '';
  return `::${command} ${properties}::${escapeData(`${f.message}\nhint: ${f.hint}${suggestion}`)}`;
}

/**
 * formatGithub renders one `::error` / `::warning` workflow command per finding, plus a plain
 * summary line for the job log.
 *
 * @example formatGithub(report) // "::error file=migrations/003_x.sql,line=5,col=5,title=tidemark lint%3A set-null-on-not-null::…"
 */
export function formatGithub(report: LintReport): string {
  const lines = report.findings.map(annotation);
  lines.push(`tidemark lint: ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')} in ${plural(report.files.length, 'file')}`);
  return `${lines.join('\n')}\n`;
}

/** formatReport renders a report in `format`. */
export function formatReport(report: LintReport, format: LintFormat, paint?: Paint): string {
  switch (format) {
    case 'text':
      return formatText(report, paint);
    case 'json':
      return formatJson(report);
    case 'github':
      return formatGithub(report);
    default: {
      const never: never = format;
      throw new Error(`unknown lint format ${String(never)}`);
    }
  }
}
