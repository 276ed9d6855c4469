import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { plainText, segmentsWidth } from '../../components/segments.js';
import { statusLine, type StatusInfo } from '../../components/status-line.js';

const INFO: StatusInfo = {
  mode: 'sim',
  connection: { stream: 'ok', rest: 'degraded' },
  clock: { timestamp: '2026-01-05T15:00:00Z', isOpen: true },
  trading: { state: 'active' },
  store: { state: 'ok' },
  books: { adjustments: 0, unknownFills: 0, unbalanced: [] },
  equity: dec('100412.50'),
  buyingPower: dec('187220'),
  dayPnl: dec('412.5'),
  equityTrend: [],
};

/** A session's equity that dipped and then climbed to a new high. */
const RISING = [100_000, 99_950, 99_900, 100_050, 100_200, 100_300, 100_350, 100_412.5];

describe('statusLine', () => {
  it('puts identity and health left, money right, exactly as wide as the terminal', () => {
    const line = statusLine(INFO, 120);
    expect(segmentsWidth(line)).toBe(120);
    expect(plainText(line)).toMatch(
      /^ BLOTTER {3}SIM {3}● stream ok {2}● rest degraded {2}clock: open {2,}equity 100,412\.50 {2}bp 187,220\.00 {2}day \+412\.50 $/,
    );
  });

  it('marks equity and day P&L as estimates while a position has no price and counts at its cost', () => {
    const line = statusLine({ ...INFO, unpriced: true }, 120);
    expect(segmentsWidth(line)).toBe(120);
    expect(plainText(line)).toMatch(/equity ≈ 100,412\.50 {2}bp 187,220\.00 {2}day ≈ \+412\.50 $/);
  });

  it('shows a red HALTED badge while new orders are refused', () => {
    const line = statusLine({ ...INFO, trading: { state: 'halted', reason: 'circuit breaker' } }, 120);
    expect(line.find((s) => s.text === ' HALTED ')?.backgroundColor).toBe('red');
    expect(segmentsWidth(line)).toBe(120);
    expect(plainText(statusLine(INFO, 120))).not.toContain('HALTED');
  });

  it('marks saving that is failing or has stopped in red, and says nothing while it works', () => {
    const failing = statusLine({ ...INFO, store: { state: 'failing', problem: 'disk full' } }, 120);
    expect(failing.find((s) => s.text === ' SAVE FAILING ')?.backgroundColor).toBe('red');
    expect(segmentsWidth(failing)).toBe(120);
    const lost = statusLine({ ...INFO, store: { state: 'lost', problem: 'lock taken' } }, 120);
    expect(lost.find((s) => s.text === ' NOT SAVING ')?.backgroundColor).toBe('red');
    expect(plainText(lost)).not.toContain('FAILING');
    expect(plainText(statusLine(INFO, 120))).not.toMatch(/SAV/);
  });

  it('marks books that need attention with what is wrong, worst first, and says nothing while they agree', () => {
    const books = (status: Partial<StatusInfo['books']>): string =>
      plainText(statusLine({ ...INFO, books: { ...INFO.books, ...status } }, 160));
    expect(books({ adjustments: 2 })).toContain(' BOOKS: 2 adjustments ');
    expect(books({ unknownFills: 1 })).toContain(' BOOKS: 1 unknown fill ');
    expect(books({ unbalanced: ['AAPL'] })).toContain(' BOOKS: AAPL unbalanced ');
    expect(books({ adjustments: 1, unknownFills: 3, unbalanced: ['AAPL', 'MSFT'] })).toContain(
      ' BOOKS: AAPL MSFT unbalanced, 3 unknown fills, 1 adjustment ',
    );
    const line = statusLine({ ...INFO, books: { ...INFO.books, adjustments: 2 } }, 160);
    expect(line.find((s) => s.text.startsWith(' BOOKS'))?.backgroundColor).toBe('red');
    expect(books({})).not.toContain('BOOKS');
  });

  it('keeps every mark at 80 columns, giving up all that can give way before them, with the money whole', () => {
    const halted = { state: 'halted', reason: 'another process took over the store' } as const;
    const healthy = { ...INFO, connection: { stream: 'ok', rest: 'ok' } } as const;
    const at80 = (info: StatusInfo): string => {
      const line = statusLine(info, 80);
      expect(segmentsWidth(line)).toBe(80);
      expect(plainText(line)).toMatch(/equity 100,412\.50 {2}day \+412\.50 $/);
      return plainText(line);
    };
    expect(at80({ ...INFO, store: { state: 'failing' } })).toMatch(/^ {2}SIM {4}SAVE FAILING {3}● stream {2}● rest {2,}equity/);
    // The detail goes before a connection's warning word does.
    expect(at80({ ...INFO, books: { ...INFO.books, unknownFills: 1 } })).toMatch(/^ {2}SIM {4}BOOKS {3}● stream {2}● rest degraded {2,}equity/);
    // Losing the store's lock also halts trading: both stay, the words after the green dots go.
    const lost = { ...healthy, trading: halted, store: { state: 'lost' } } as const;
    expect(at80(lost)).toMatch(/^ {2}SIM {4}HALTED {3}NOT SAVING {3}● stream {2}● rest {2,}equity/);
    // Everything at once is more than 80 columns hold: the end of the line is cut, never a mark.
    const everything = statusLine({ ...lost, books: { ...INFO.books, adjustments: 2 } }, 80);
    expect(plainText(everything).slice(0, 80)).toMatch(/^ {2}SIM {4}HALTED {3}NOT SAVING {3}BOOKS {3}● stream {2}● rest {2,}equity/);
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

  it('drops the name, then the clock, then buying power when narrow, never the money that matters', () => {
    expect(plainText(statusLine(INFO, 100))).not.toContain('BLOTTER');
    expect(plainText(statusLine(INFO, 100))).toContain('clock: open');
    expect(plainText(statusLine(INFO, 90))).not.toContain('clock');
    const healthy = { ...INFO, connection: { stream: 'ok', rest: 'ok' } } as const;
    const narrow = plainText(statusLine(healthy, 80));
    expect(narrow).toContain('bp 187,220.00');
    const tight = plainText(statusLine({ ...healthy, equity: dec('12345678.90') }, 80));
    expect(tight).not.toContain('bp');
    expect(tight).toContain('equity 12,345,678.90');
    expect(tight).toContain('day +412.50');
    expect(tight).toContain('SIM');
    for (const width of [80, 90, 100, 120]) expect(segmentsWidth(statusLine({ ...INFO, equityTrend: RISING }, width))).toBe(width);
  });

  it('draws the session’s equity as a sparkline after the figure, green when it ended higher', () => {
    const wide = statusLine({ ...INFO, equityTrend: RISING }, 160);
    expect(plainText(wide)).toMatch(/equity 100,412\.50 [▁-█]{8} {2}bp/);
    expect(wide.find((s) => /^[▁-█]+$/.test(s.text))?.color).toBe('green');
    const falling = statusLine({ ...INFO, equityTrend: [...RISING].reverse() }, 160);
    expect(falling.find((s) => /^[▁-█]+$/.test(s.text))?.color).toBe('red');
    // One sample is not a trend: nothing drawn.
    expect(plainText(statusLine({ ...INFO, equityTrend: [100_000] }, 160))).toMatch(/equity 100,412\.50 {2}bp/);
  });

  it('widens the sparkline into spare room and gives it up before the clock when narrow', () => {
    const long = Array.from({ length: 60 }, (_, i) => 100_000 + i);
    const spark = (width: number): string => statusLine({ ...INFO, equityTrend: long }, width).find((s) => /^[▁-█]+$/.test(s.text))?.text ?? '';
    expect(spark(200)).toHaveLength(24);
    expect(spark(130).length).toBeGreaterThanOrEqual(6);
    expect(spark(130).length).toBeLessThan(24);
    const at100 = plainText(statusLine({ ...INFO, equityTrend: long }, 100));
    expect(at100).toContain('clock: open');
    expect(at100).not.toMatch(/[▁-█]/);
  });

  it('says when the market next closes or opens, and drops that first when narrow', () => {
    const day = new Date(2026, 0, 5, 10, 0, 0);
    const close = new Date(2026, 0, 5, 16, 0, 0);
    const open = new Date(2026, 0, 6, 9, 30, 0);
    const clock = { timestamp: day.toISOString(), isOpen: true, nextClose: close.toISOString(), nextOpen: open.toISOString() };
    expect(plainText(statusLine({ ...INFO, clock }, 160))).toContain('clock: open · closes 16:00');
    expect(plainText(statusLine({ ...INFO, clock: { ...clock, isOpen: false } }, 160))).toContain('clock: closed · opens Tue 09:30');
    const at120 = plainText(statusLine({ ...INFO, clock }, 120));
    expect(at120).toContain('clock: open');
    expect(at120).not.toContain('closes');
  });

  it('shows a dash, not zero, for figures the broker has not reported yet', () => {
    const text = plainText(statusLine({ ...INFO, buyingPower: undefined, dayPnl: undefined, clock: undefined }, 120));
    expect(text).toContain('bp —');
    expect(text).toContain('day —');
    expect(text).toContain('clock: —');
  });
});
