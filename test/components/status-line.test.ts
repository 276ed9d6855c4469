import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { plainText, segmentsWidth } from '../../components/segments.js';
import { statusLine, type StatusInfo } from '../../components/status-line.js';

const INFO: StatusInfo = {
  mode: 'sim',
  connection: { stream: 'ok', rest: 'degraded' },
  clock: { timestamp: '2026-01-05T15:00:00Z', isOpen: true },
  trading: { state: 'active' },
  equity: dec('100412.50'),
  buyingPower: dec('187220'),
  dayPnl: dec('412.5'),
};

describe('statusLine', () => {
  it('puts identity and health left, money right, exactly as wide as the terminal', () => {
    const line = statusLine(INFO, 120);
    expect(segmentsWidth(line)).toBe(120);
    expect(plainText(line)).toMatch(
      /^ BLOTTER {3}SIM {3}● stream ok {2}● rest degraded {2}clock: open {2,}equity 100,412\.50 {2}bp 187,220\.00 {2}day \+412\.50 $/,
    );
  });

  it('shows a red HALTED badge while new orders are refused', () => {
    const line = statusLine({ ...INFO, trading: { state: 'halted', reason: 'circuit breaker' } }, 120);
    expect(line.find((s) => s.text === ' HALTED ')?.backgroundColor).toBe('red');
    expect(segmentsWidth(line)).toBe(120);
    expect(plainText(statusLine(INFO, 120))).not.toContain('HALTED');
  });

  it('colours health dots and day P&L, and shows LIVE in red', () => {
    const line = statusLine({ ...INFO, mode: 'live', dayPnl: dec('-3.1'), connection: { stream: 'down', rest: 'connecting' } }, 120);
    expect(line.find((s) => s.text.includes('LIVE'))?.backgroundColor).toBe('red');
    expect(line.filter((s) => s.text === '●').map((s) => s.color)).toEqual(['red', 'yellow']);
    expect(line.find((s) => s.text === '-3.10')?.color).toBe('red');
    expect(statusLine(INFO, 120).find((s) => s.text === '+412.50')?.color).toBe('green');
    expect(statusLine({ ...INFO, connection: { stream: 'ok', rest: 'ok' } }, 120).filter((s) => s.text === '●').map((s) => s.color)).toEqual([
      'green',
      'green',
    ]);
  });

  it('drops the clock, then the name, then buying power when narrow, never the money that matters', () => {
    expect(plainText(statusLine(INFO, 100))).not.toContain('clock');
    expect(plainText(statusLine(INFO, 100))).toContain('BLOTTER');
    const healthy = { ...INFO, connection: { stream: 'ok', rest: 'ok' } } as const;
    const narrow = plainText(statusLine(healthy, 80));
    expect(narrow).not.toContain('BLOTTER');
    expect(narrow).toContain('bp 187,220.00');
    const tight = plainText(statusLine({ ...healthy, equity: dec('12345678.90') }, 80));
    expect(tight).not.toContain('bp');
    expect(tight).toContain('equity 12,345,678.90');
    expect(tight).toContain('day +412.50');
    expect(tight).toContain('SIM');
  });

  it('shows a dash, not zero, for figures the broker has not reported yet', () => {
    const text = plainText(statusLine({ ...INFO, buyingPower: undefined, dayPnl: undefined, clock: undefined }, 120));
    expect(text).toContain('bp —');
    expect(text).toContain('day —');
    expect(text).toContain('clock: —');
  });
});
