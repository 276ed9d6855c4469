import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { createConsoleStore, initialConsoleState, type ConsoleStore } from '../../store/console-store.js';
import { quitAfterCancellingAll, QUIT_CANCEL_WAIT_MS } from '../../store/quit-after-cancel.js';
import { emit, order } from '../components/fixtures.js';

function setup(submit: (text: string) => Promise<never> | Promise<{ ok: boolean; text: string; at: number }> = () => Promise.resolve({ ok: true, text: 'ok', at: 1 })) {
  const store: ConsoleStore = createConsoleStore(initialConsoleState('sim', 'sim'));
  emit(store, { type: 'order', order: order({ seq: 1, createdAt: 0 }) }, { type: 'order', order: order({ seq: 2, createdAt: 0 }) });
  const clock = new ManualClock();
  const record = { sent: [] as string[], quits: 0 };
  const actions = {
    submit: (text: string) => {
      record.sent.push(text);
      return submit(text);
    },
    quit: () => {
      record.quits++;
    },
  };
  return { store, clock, record, stop: () => quitAfterCancellingAll({ store, actions, clock }) };
}

describe('cancel them, then quit', () => {
  it('sends cancel all and leaves once the exchange has cancelled every order', () => {
    const { store, record, stop } = setup();
    stop();
    expect(record.sent).toEqual(['cancel all']);
    emit(store, { type: 'order', order: order({ seq: 1, createdAt: 0, canceled: true }) });
    expect(record.quits).toBe(0);
    emit(store, { type: 'order', order: order({ seq: 2, createdAt: 0, canceled: true }) });
    expect(record.quits).toBe(1);
    emit(store, { type: 'order', order: order({ seq: 2, createdAt: 0, canceled: true }) });
    expect(record.quits).toBe(1);
  });

  it('leaves after the wait when the cancels never come, and only once', () => {
    const { clock, record, stop } = setup();
    stop();
    clock.advance(QUIT_CANCEL_WAIT_MS - 1);
    expect(record.quits).toBe(0);
    clock.advance(1);
    expect(record.quits).toBe(1);
    clock.advance(QUIT_CANCEL_WAIT_MS);
    expect(record.quits).toBe(1);
  });

  it('still leaves after the wait when the cancel could not be sent', async () => {
    const { clock, record, stop } = setup(() => Promise.reject(new Error('engine stopped')));
    stop();
    await Promise.resolve();
    clock.advance(QUIT_CANCEL_WAIT_MS);
    expect(record.quits).toBe(1);
  });

  it('stops waiting, without leaving, when stopped', () => {
    const { store, clock, record, stop } = setup();
    stop()();
    emit(store, { type: 'order', order: order({ seq: 1, createdAt: 0, canceled: true }) }, { type: 'order', order: order({ seq: 2, createdAt: 0, canceled: true }) });
    clock.advance(QUIT_CANCEL_WAIT_MS);
    expect(record.quits).toBe(0);
  });
});
