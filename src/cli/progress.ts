/**
 * Progress shows that a slow step is alive: after `delayMs` (about a second) a spinner with the
 * step's name and elapsed seconds is redrawn on one stderr line, and erased when the step ends.
 * Only on a terminal: never when stderr is a pipe or a file, never with --json, never in CI
 * (CI logs keep every redraw), and never on stdout, whose output may be piped into a file.
 */

/** The part of a stream Progress uses, so tests can hand it their own "terminal". */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): boolean;
}

export interface ProgressOptions {
  readonly json?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly delayMs?: number;
  readonly intervalMs?: number;
}

const FRAMES = ['|', '/', '-', '\\'];

/** inCi reads the CI variable the way CI services set it (`true`, `1`, or any non-empty value but `false`/`0`). */
function inCi(env: NodeJS.ProcessEnv): boolean {
  const value = env['CI'];
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

export class Progress {
  readonly enabled: boolean;
  private readonly delayMs: number;
  private readonly intervalMs: number;

  constructor(
    private readonly stream: ProgressStream,
    options: ProgressOptions = {},
  ) {
    this.enabled = stream.isTTY === true && options.json !== true && !inCi(options.env ?? process.env);
    // TIDEMARK_PROGRESS_DELAY_MS: how long a step runs before it is shown (tests set 0).
    const fromEnv = (options.env ?? process.env)['TIDEMARK_PROGRESS_DELAY_MS'];
    this.delayMs = options.delayMs ?? (fromEnv && /^\d+$/.test(fromEnv) ? Number(fromEnv) : 1000);
    this.intervalMs = options.intervalMs ?? 125;
  }

  /** run awaits `work`, showing `label` while it takes longer than the delay. */
  async run<T>(label: string, work: () => Promise<T>): Promise<T> {
    if (!this.enabled) return work();
    const started = Date.now();
    let frame = 0;
    let shown = false;
    let timer: NodeJS.Timeout | undefined;
    const draw = () => {
      shown = true;
      const seconds = Math.floor((Date.now() - started) / 1000);
      this.stream.write(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${label}… ${seconds} s`);
    };
    const delay = setTimeout(() => {
      draw();
      timer = setInterval(draw, this.intervalMs);
    }, this.delayMs);
    try {
      return await work();
    } finally {
      clearTimeout(delay);
      clearInterval(timer);
      if (shown) this.stream.write('\r\x1b[K');
    }
  }
}
