import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Progress, type ProgressStream } from '../../src/cli/progress.js';

/** A stream that records what was written; `isTTY` says whether it pretends to be a terminal. */
function stream(isTTY: boolean): ProgressStream & { text: string } {
  const s = { isTTY, text: '', write: (t: string) => ((s.text += t), true) };
  return s;
}

const slow = <T>(ms: number, value: T) => async () => {
  await sleep(ms);
  return value;
};

describe('progress on a terminal', () => {
  it('a step slower than the delay shows its label and elapsed time on the stream, then erases it', async () => {
    const tty = stream(true);
    const value = await new Progress(tty, { env: {}, delayMs: 50, intervalMs: 20 }).run('Planning the migration', slow(200, 42));
    assert.equal(value, 42);
    assert.match(tty.text, /^\r\x1b\[K[|/\\-] Planning the migration… 0 s/);
    assert.ok(tty.text.split('\r\x1b[K').length > 3, 'redrawn while the step runs');
    assert.ok(tty.text.endsWith('\r\x1b[K'), 'the line is cleared at the end');
  });

  it('nothing is written for a quick step, off a terminal, with --json, or in CI; errors pass through', async () => {
    const quick = stream(true);
    await new Progress(quick, { env: {}, delayMs: 200 }).run('x', slow(10, 1));
    assert.equal(quick.text, '');
    for (const [s, options] of [
      [stream(false), { env: {} }],
      [stream(true), { env: {}, json: true }],
      [stream(true), { env: { CI: 'true' } }],
      [stream(true), { env: { CI: '1' } }],
    ] as const) {
      await new Progress(s, { ...options, delayMs: 10, intervalMs: 5 }).run('x', slow(60, 1));
      assert.equal(s.text, '', JSON.stringify(options));
    }
    const failing = stream(true);
    await assert.rejects(new Progress(failing, { env: {}, delayMs: 10, intervalMs: 5 }).run('x', async () => {
      await sleep(40);
      throw new Error('boom');
    }), /boom/);
    assert.ok(failing.text.endsWith('\r\x1b[K'), 'a failing step clears its line too');
    const afterwards = failing.text.length;
    await sleep(40);
    assert.equal(failing.text.length, afterwards, 'no redraw after the step ended');
  });
});
