import type { MigrationEvent } from '../migrations/executor.js';
import type { Output } from './output.js';

type TimingEvent = Extract<MigrationEvent, { type: 'timing' }>;

/**
 * TimingLog collects where a migration command's time went — start-up (the process until the
 * command ran), loading the config, then the library's timed steps, the migrations, and the total
 * — and prints it under `--verbose`, so the fixed cost around the migrations is visible.
 */
export class TimingLog {
  private readonly rows: { label: string; ms: number; detail?: string | undefined }[] = [];

  constructor(private readonly out: Output) {
    // performance.now() counts from the process's start: everything before the command ran.
    this.rows.push({ label: 'start-up', ms: performance.now(), detail: 'Node.js and the CLI loaded' });
  }

  /** time runs one of the command's own steps (loading the config) and records it. */
  async time<T>(label: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.rows.push({ label, ms: performance.now() - started });
    }
  }

  record(event: TimingEvent): void {
    this.rows.push({ label: event.step, ms: event.ms, detail: event.detail });
  }

  /** print writes the table to stderr, with the migrations' own time and the total; only with --verbose. */
  print(migrations: { count: number; ms: number }): void {
    if (!this.out.verbose) return;
    const rows = [...this.rows, { label: 'migrations', ms: migrations.ms, detail: `${migrations.count} run` }, { label: 'total', ms: performance.now() }];
    const width = Math.max(...rows.map((r) => r.label.length));
    this.out.note('timing:');
    for (const r of rows) this.out.note(`  ${r.label.padEnd(width)}  ${r.ms.toFixed(1).padStart(8)} ms${r.detail ? `  ${r.detail}` : ''}`);
  }
}
