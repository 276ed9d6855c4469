import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../src/core/keyed-queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('KeyedQueue', () => {
  it('runs work for one key one at a time, in arrival order', async () => {
    const queue = new KeyedQueue();
    const trace: string[] = [];
    const gate = deferred();
    const first = queue.run('AAPL', async () => {
      trace.push('first:start');
      await gate.promise;
      trace.push('first:end');
    });
    const second = queue.run('AAPL', () => {
      trace.push('second');
    });
    await Promise.resolve();
    expect(trace).toEqual(['first:start']);
    expect(queue.depth('AAPL')).toBe(2);
    gate.resolve();
    await Promise.all([first, second]);
    expect(trace).toEqual(['first:start', 'first:end', 'second']);
    expect(queue.depth('AAPL')).toBe(0);
  });

  it('lets different keys run concurrently', async () => {
    const queue = new KeyedQueue();
    const trace: string[] = [];
    const gate = deferred();
    const slow = queue.run('AAPL', async () => {
      await gate.promise;
      trace.push('AAPL');
    });
    await queue.run('MSFT', () => {
      trace.push('MSFT');
    });
    expect(trace).toEqual(['MSFT']);
    gate.resolve();
    await slow;
    expect(trace).toEqual(['MSFT', 'AAPL']);
  });

  it('keeps the lane going after a task fails, and reports the failure to its caller', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('AAPL', () => {
      throw new Error('boom');
    });
    const next = queue.run('AAPL', () => 'still runs');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('still runs');
  });

  it('idle() waits for every lane', async () => {
    const queue = new KeyedQueue();
    let done = 0;
    for (const key of ['A', 'B', 'C']) {
      void queue.run(key, async () => {
        await new Promise((r) => setTimeout(r, 5));
        done++;
      });
    }
    await queue.idle();
    expect(done).toBe(3);
  });
});
