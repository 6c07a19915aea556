import type { MigrationEvent } from '../migrations/executor.js';
import type { Output } from './output.js';
import type { TimingLog } from './render-timing.js';

/** eventPrinter renders executor events as one line per step (stderr in JSON mode); timings go to `timing`. */
export function eventPrinter(out: Output, timing?: TimingLog): (event: MigrationEvent) => void {
  const c = out.colors;
  return (event) => {
    switch (event.type) {
      case 'lock-wait':
        out.note('waiting for another Tidemark process to release the migration lock…');
        break;
      case 'start':
        break;
      case 'retry':
        out.note(c.yellow(`retry ${event.attempt}: ${event.version} in ${event.delayMs} ms — ${event.reason}`));
        break;
      case 'done':
        out.note(`${event.direction === 'up' ? c.green('applied ') : c.yellow('reverted')} ${event.version}_${event.name} ${c.dim(`(${event.durationMs} ms)`)}`);
        break;
      case 'failed':
        break; // the error itself is printed once, by the command's error handler
      case 'repair':
        out.note(c.yellow(`repair ${event.version}_${event.name}: ${event.message}`));
        break;
      case 'stamp':
        out.note(`${c.cyan('stamped ')} ${event.version}_${event.name}`);
        break;
      case 'sql':
        if (!out.json) {
          out.line(`-- ${event.direction === 'setup' ? 'create the control schema' : `${event.version}_${event.name} (${event.direction})`}`);
          out.line(event.sql);
          out.line();
        }
        break;
      case 'timing':
        timing?.record(event);
        break;
      default: {
        const never: never = event;
        throw new Error(`unhandled event ${JSON.stringify(never)}`);
      }
    }
  };
}
