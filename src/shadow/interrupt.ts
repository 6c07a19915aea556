import os from 'node:os';

/**
 * Cleanups that must run when the process is interrupted: a shadow database on a dev server
 * outlives the process unless it is dropped, and a `finally` block does not run when SIGINT or
 * SIGTERM ends a Node process. While at least one cleanup is registered, Tidemark listens for both
 * signals; when none is, it does not, so the process keeps its default behaviour.
 *
 * On a signal every registered cleanup runs (bounded by {@link CLEANUP_LIMIT_MS}). When Tidemark's
 * listener is the only one, it then exits as the signal would have (128 + signal number: 130 for
 * SIGINT, 143 for SIGTERM). An application with listeners of its own keeps control of its
 * shutdown: the cleanups run and the process is left to it.
 */
export type Cleanup = () => Promise<void>;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type InterruptSignal = (typeof SIGNALS)[number];

/** A dropped database must not hold up an interrupted process for long when the server hangs. */
export const CLEANUP_LIMIT_MS = 5_000;

const cleanups = new Set<Cleanup>();
let installed = false;
let interrupting = false;

function onSignal(signal: InterruptSignal): void {
  // Decided before any cleanup runs: a cleanup unregisters itself, and the last one removes this listener.
  const alone = process.listenerCount(signal) === 1;
  interrupting = true;
  const running = Promise.allSettled([...cleanups].map((cleanup) => cleanup()));
  const limit = new Promise<void>((resolve) => setTimeout(resolve, CLEANUP_LIMIT_MS).unref());
  void Promise.race([running, limit]).then(() => {
    if (alone) process.exit(128 + (os.constants.signals[signal] ?? 0));
    // The application handles the signal; Tidemark may be used again afterwards.
    interrupting = false;
  });
}

/**
 * interrupted is true between a signal and the end of its cleanups: what would need cleaning up
 * (a new shadow database) must not be started then, since the process is about to exit.
 */
export function interrupted(): boolean {
  return interrupting;
}

const listeners: Record<InterruptSignal, () => void> = { SIGINT: () => onSignal('SIGINT'), SIGTERM: () => onSignal('SIGTERM') };

/**
 * onInterrupt registers `cleanup` to run if SIGINT or SIGTERM arrives before the returned function
 * unregisters it. A cleanup must be idempotent: it may also be running from the normal path.
 *
 * @example const done = onInterrupt(() => dropShadow()); try { await work(); } finally { await dropShadow(); done(); }
 */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  if (!installed) {
    for (const signal of SIGNALS) process.on(signal, listeners[signal]);
    installed = true;
  }
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0 && installed) {
      for (const signal of SIGNALS) process.off(signal, listeners[signal]);
      installed = false;
    }
  };
}

/** pendingCleanups is how many cleanups are registered (for tests and diagnostics). */
export function pendingCleanups(): number {
  return cleanups.size;
}
