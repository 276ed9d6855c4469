import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/core/event-bus.js';
import type { CoreEvent } from '../../src/core/events.js';
import { MAX_LOG_TEXT, TraderLog } from '../../src/core/trader-log.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { createRedactor } from '../../src/kernel/redact.js';

const SECRET = 'PK1234567890ABCDEFGH';

function started(): { log: TraderLog; events: CoreEvent[]; clock: ManualClock } {
  const bus = new EventBus();
  const events: CoreEvent[] = [];
  bus.subscribe((event) => events.push(event));
  const clock = new ManualClock(5_000);
  return { log: new TraderLog(bus, clock, createRedactor([SECRET])), events, clock };
}

describe('TraderLog', () => {
  it('announces each line at the time it is written, redacted', () => {
    const { log, events, clock } = started();
    clock.advance(250);
    log.write('warn', `key ${SECRET} refused`);
    expect(events).toEqual([{ type: 'log', entry: { at: 5_250, level: 'warn', text: 'key [redacted] refused' } }]);
  });

  it(`keeps text from outside to ${MAX_LOG_TEXT} characters, cut after the redaction`, () => {
    const { log } = started();
    expect(log.bounded('y'.repeat(MAX_LOG_TEXT))).toBe('y'.repeat(MAX_LOG_TEXT));
    expect(log.bounded(`${'y'.repeat(MAX_LOG_TEXT - 5)}${SECRET}`)).toBe(`${'y'.repeat(MAX_LOG_TEXT - 5)}[red…`);
  });
});
