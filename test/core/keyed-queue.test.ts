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

describe('KeyedQueue.runNowIfIdle', () => {
  it('runs at once on an idle lane', () => {
    const queue = new KeyedQueue();
    const trace: string[] = [];
    const queued = queue.runNowIfIdle('AAPL', () => trace.push('fill'));
    expect(queued).toBeUndefined();
    expect(trace).toEqual(['fill']);
    expect(queue.depth('AAPL')).toBe(0);
  });

  it('waits its turn behind work already in the lane', async () => {
    const queue = new KeyedQueue();
    const gate = deferred();
    const trace: string[] = [];
    const submit = queue.run('AAPL', async () => {
      await gate.promise;
      trace.push('submit answered');
    });
    const queued = queue.runNowIfIdle('AAPL', () => trace.push('fill'));
    expect(queued).toBeInstanceOf(Promise);
    expect(trace).toEqual([]);
    gate.resolve();
    await Promise.all([submit, queued]);
    expect(trace).toEqual(['submit answered', 'fill']);
  });

  it('holds the lane while it runs: work it starts for the same symbol goes after it', async () => {
    const queue = new KeyedQueue();
    const trace: string[] = [];
    let followUp: Promise<unknown> | undefined;
    queue.runNowIfIdle('AAPL', () => {
      followUp = queue.run('AAPL', () => trace.push('protective order'));
      trace.push('fill booked');
    });
    expect(queue.depth('AAPL')).toBe(1);
    await followUp;
    expect(trace).toEqual(['fill booked', 'protective order']);
    expect(queue.depth('AAPL')).toBe(0);
  });

  it('hands a failure back as a rejected promise and leaves the lane usable', async () => {
    const queue = new KeyedQueue();
    const failed = queue.runNowIfIdle('AAPL', () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    expect(queue.runNowIfIdle('AAPL', () => {})).toBeUndefined();
  });
});
