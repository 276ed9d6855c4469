import { performance } from 'node:perf_hooks';

/** What one asynchronous operation cost the event loop. */
export interface LoopCost {
  /** Event-loop time the operation used from its call to its completion: every piece of JavaScript it ran, I/O waits left out. */
  readonly activeMs: number;
  /** The longest stretch in that time during which the loop could do nothing else. */
  readonly longestMs: number;
}

/**
 * Measures `operation` twice over (it is called twice, so it must be repeatable; `between` lets
 * whatever the first call set going finish before the second):
 * - active time: perf_hooks' event-loop utilization from the call to the completion, i.e. the time
 *   the loop was not waiting for I/O. Nothing else runs in this process meanwhile, so all of it is
 *   the operation's (its synchronous start, each continuation after an await, garbage collection).
 * - longest block: a setImmediate probe that reschedules itself once per loop turn records the
 *   largest gap between two turns while the operation runs. A turn can only be late by the time
 *   something else held the loop, so the largest gap (less the probe's own turn, measured idle) is
 *   the longest the operation kept the loop from answering anything else — a keystroke, a fill.
 *   The probe keeps the loop busy, which is why the active time is measured on a separate call.
 */
export async function loopCost(operation: () => Promise<unknown>, between: () => Promise<unknown> = () => Promise.resolve()): Promise<LoopCost> {
  const before = performance.eventLoopUtilization();
  await operation();
  const activeMs = performance.eventLoopUtilization(before).active;
  await between();

  const idleTurn = await probeTurn();
  const probe = startProbe();
  await operation();
  const longest = probe.stop();
  return { activeMs, longestMs: Math.max(0, longest - idleTurn) };
}

interface Probe {
  stop(): number;
}

function startProbe(): Probe {
  let running = true;
  let last = performance.now();
  let longest = 0;
  const turn = (): void => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  return {
    stop() {
      running = false;
      // The stretch from the last turn to the operation's completion counts too.
      return Math.max(longest, performance.now() - last);
    },
  };
}

/** The probe's own turn when nothing else runs: the median gap over 20 ms. */
async function probeTurn(): Promise<number> {
  const gaps: number[] = [];
  let last = performance.now();
  const until = last + 20;
  await new Promise<void>((resolve) => {
    const turn = (): void => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
      if (now < until) setImmediate(turn);
      else resolve();
    };
    setImmediate(turn);
  });
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 0;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
