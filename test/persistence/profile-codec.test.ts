import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { ORDER_STATUSES } from '../../src/domain/order-state.js';
import { StoreCorruptError } from '../../src/persistence/errors.js';
import {
  decodeBalances,
  decodeFill,
  decodeLogEntry,
  decodeOrder,
  decodePortfolio,
  decodeProfileDocument,
  encodeBalances,
  encodeFill,
  encodeLogEntry,
  encodeOrder,
  encodePortfolio,
} from '../../src/persistence/profile-codec.js';
import { LOG_LIMIT } from '../../src/kernel/log-entry.js';
import { emptyProfile } from '../../src/persistence/profile-schema.js';
import { sampleLog, sampleOrders, samplePortfolio } from './fixtures/profile-data.js';

/** Round-trips through JSON text too, as the file does. */
function viaJson<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}

function corruptMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreCorruptError);
    return (error as Error).message;
  }
  throw new Error('expected a StoreCorruptError');
}

describe('orders', () => {
  it('covers every status in the fixture', () => {
    expect(new Set(sampleOrders().map((b) => b.order.status))).toEqual(new Set(ORDER_STATUSES));
  });

  it.each(sampleOrders().map((b) => [b.order.status, b.order] as const))('round-trips a %s order exactly', (_status, order) => {
    const back = decodeOrder(viaJson(encodeOrder(order)));
    expect(back).toStrictEqual(order);
  });

  it('stores decimals as strings and leaves absent optional fields out', () => {
    const order = sampleOrders()[0]!.order;
    const stored = viaJson(encodeOrder(order)) as Record<string, unknown>;
    expect(stored['qty']).toBe('10');
    expect(stored['limitPrice']).toBe('187.42');
    expect(stored['filledQty']).toBe('0');
    for (const key of ['notional', 'stopPrice', 'trailPercent', 'trailPrice', 'brokerOrderId', 'previousStatus', 'avgFillPrice', 'reason']) {
      expect(Object.keys(stored)).not.toContain(key);
    }
    expect(Object.keys(encodeOrder(order))).not.toContain('notional');
  });

  it('keeps a pending order’s previous status and a partially filled order’s fills', () => {
    const pending = sampleOrders().find((b) => b.order.status === 'pending_cancel')!.order;
    const back = decodeOrder(viaJson(encodeOrder(pending)));
    expect(back.previousStatus).toBe('partially_filled');
    expect(back.filledQty.toString()).toBe('2.5');
    expect(back.executionIds).toEqual(['x-4a']);
  });
});

describe('who placed an order, and its class', () => {
  it('are stored and read back', () => {
    const leg = sampleOrders().find((b) => b.order.status === 'held')!.order;
    const stored = viaJson(encodeOrder(leg)) as Record<string, unknown>;
    expect(stored).toMatchObject({ source: 'sma1', orderClass: 'bracket', role: 'stop_loss' });
    expect(decodeOrder(stored)).toMatchObject({ source: 'sma1', orderClass: 'bracket' });
  });

  it('are the trader’s and simple in a file written before they were kept', () => {
    const stored = viaJson(encodeOrder(sampleOrders()[0]!.order)) as Record<string, unknown>;
    delete stored['source'];
    delete stored['orderClass'];
    expect(decodeOrder(stored)).toMatchObject({ source: 'manual', orderClass: 'simple' });
  });
});

describe('decimals', () => {
  it.each([
    ['0.000000001', '0.000000001'],
    ['187.4200', '187.42'],
    ['-3.10', '-3.1'],
    ['123456789012345678901234567890.123456789', '123456789012345678901234567890.123456789'],
    ['0.0000000000000000000000000000000000000000001', '0.0000000000000000000000000000000000000000001'],
  ])('%s survives the round trip with its value intact', (input, canonical) => {
    const fill = { ...sampleOrders()[5]!.fills[0]!, price: dec(input) };
    const stored = encodeFill(fill);
    expect(stored.price).toBe(canonical);
    const back = decodeFill(viaJson(stored));
    expect(back.price.eq(dec(input))).toBe(true);
    expect(back.price.toString()).toBe(canonical);
    expect(encodeFill(back).price).toBe(canonical);
  });

  it('reads a stored string with trailing zeros as the same value', () => {
    const raw = { ...encodeFill(sampleOrders()[5]!.fills[0]!), price: '187.4200' };
    expect(decodeFill(raw).price.eq(dec('187.42'))).toBe(true);
  });
});

describe('fills, portfolio and log', () => {
  it('round-trips every fill', () => {
    const fills = sampleOrders().flatMap((b) => b.fills);
    expect(fills.length).toBeGreaterThan(4);
    for (const fill of fills) expect(decodeFill(viaJson(encodeFill(fill)))).toStrictEqual(fill);
  });

  it('round-trips long, short, fractional and flat positions and cash to the last digit', () => {
    const portfolio = samplePortfolio();
    const back = decodePortfolio(viaJson(encodePortfolio(portfolio)));
    expect(back).toStrictEqual(portfolio);
    expect(back.cash.toString()).toBe('98123.456789012345678901234567890123456789');
    expect(back.positions['MSFT']?.qty.toString()).toBe('-5');
    expect(back.positions['NVDA']?.qty.toString()).toBe('0.371');
    expect(back.positions['QQQ']?.costBasis?.toString()).toBe('1550');
    expect(back.positions['QQQ']?.avgCost.eq(portfolio.positions['QQQ']!.avgCost)).toBe(true);
  });

  it('leaves an unknown cost basis out rather than inventing one', () => {
    const stored = encodePortfolio(samplePortfolio());
    expect(Object.keys(stored.positions['AAPL']!)).not.toContain('costBasis');
    expect(Object.keys(decodePortfolio(viaJson(stored)).positions['AAPL']!)).not.toContain('costBasis');
  });

  it('round-trips log entries', () => {
    for (const entry of sampleLog(8)) expect(decodeLogEntry(viaJson(encodeLogEntry(entry)))).toStrictEqual(entry);
  });
});

describe('malformed records name the field', () => {
  const good = () => encodeOrder(sampleOrders()[2]!.order) as unknown as Record<string, unknown>;

  it.each([
    ['a float where a decimal string belongs', { qty: 10.5 }, 'orders[3].qty: expected a decimal string, found 10.5'],
    ['a malformed decimal', { limitPrice: '187.4.2' }, 'orders[3].limitPrice: expected a decimal string, found "187.4.2"'],
    ['an exponent', { filledQty: '1e3' }, 'orders[3].filledQty: expected a decimal string, found "1e3"'],
    ['an unknown status', { status: 'done' }, 'orders[3].status: expected one of held|pending_new|'],
    ['a source no client order id can carry', { source: 'SMA Cross' }, 'orders[3].source: expected manual, external or a strategy id (1 to 12 lowercase letters and digits), found "SMA Cross"'],
    ['an unknown order class', { orderClass: 'oca' }, 'orders[3].orderClass: expected one of simple|bracket|oco|oto, found "oca"'],
    ['a missing id', { clientOrderId: undefined }, 'orders[3].clientOrderId: expected a non-empty string, found nothing'],
    ['a fractional seq', { seq: 1.5 }, 'orders[3].seq: expected an integer >= 0, found 1.5'],
    ['a bad execution id', { executionIds: ['x', 7] }, 'orders[3].executionIds[1]: expected a string, found 7'],
    ['a string timestamp', { createdAt: '2026-01-05' }, 'orders[3].createdAt: expected a time in epoch milliseconds'],
  ])('%s', (_name, change, expected) => {
    const message = corruptMessage(() => decodeOrder({ ...good(), ...change }, 'orders[3]'));
    expect(message).toContain(expected);
  });

  it('names a bad position field by its symbol', () => {
    const stored = encodePortfolio(samplePortfolio());
    const bad = { ...stored, positions: { ...stored.positions, MSFT: { ...stored.positions['MSFT']!, avgCost: 'abc' } } };
    expect(corruptMessage(() => decodePortfolio(bad))).toContain('portfolio.positions.MSFT.avgCost: expected a decimal string');
    const misfiled = { ...stored, positions: { AAPL: stored.positions['MSFT']! } };
    expect(corruptMessage(() => decodePortfolio(misfiled))).toContain('portfolio.positions.AAPL.symbol');
  });

  it('refuses an unknown log level', () => {
    expect(corruptMessage(() => decodeLogEntry({ at: 1, level: 'fatal', text: 'x' }, 'log[0]'))).toContain('log[0].level');
  });
});

describe('the whole document', () => {
  function fullDocument(): Record<string, unknown> {
    const built = sampleOrders();
    return viaJson({
      ...emptyProfile(1),
      meta: { nextSeq: 15, createdAt: 1 },
      orders: built.map((b) => encodeOrder(b.order)),
      fills: built.flatMap((b) => b.fills.map(encodeFill)),
      portfolio: encodePortfolio(samplePortfolio()),
      log: sampleLog(3).map(encodeLogEntry),
      watchlist: ['AAPL'],
    }) as Record<string, unknown>;
  }

  it('accepts a valid document unchanged', () => {
    const doc = fullDocument();
    expect(decodeProfileDocument(doc)).toEqual(doc);
  });

  it('drops unknown fields and normalizes decimals', () => {
    const doc = fullDocument();
    const orders = doc['orders'] as Array<Record<string, unknown>>;
    orders[0] = { ...orders[0], limitPrice: '187.4200', note: 'hand edit' };
    const decoded = decodeProfileDocument({ ...doc, extra: true });
    expect(decoded.orders[0]).toEqual(encodeOrder(sampleOrders()[0]!.order));
    expect(Object.keys(decoded)).not.toContain('extra');
  });

  it('names the record of a bad field inside the document', () => {
    const doc = fullDocument();
    (doc['fills'] as Array<Record<string, unknown>>)[2]!['qty'] = '';
    expect(corruptMessage(() => decodeProfileDocument(doc))).toContain('fills[2].qty: expected a decimal string, found ""');
    expect(corruptMessage(() => decodeProfileDocument({ ...fullDocument(), meta: { nextSeq: 0, createdAt: 1 } }))).toContain('meta.nextSeq');
    expect(corruptMessage(() => decodeProfileDocument({ ...fullDocument(), watchlist: 'AAPL' }))).toContain('watchlist: expected an array');
  });

  it('refuses duplicate orders and duplicate fills', () => {
    const doc = fullDocument();
    const orders = doc['orders'] as unknown[];
    expect(corruptMessage(() => decodeProfileDocument({ ...doc, orders: [...orders, orders[1]] }))).toContain(
      `orders[${orders.length}].clientOrderId: duplicate`,
    );
    const fills = doc['fills'] as unknown[];
    expect(corruptMessage(() => decodeProfileDocument({ ...doc, fills: [...fills, fills[0]] }))).toContain('duplicate');
  });

  it('raises nextSeq past every stored order and trims an over-long log', () => {
    const doc = {
      ...fullDocument(),
      meta: { nextSeq: 3, createdAt: 1 },
      log: sampleLog(LOG_LIMIT + 20).map(encodeLogEntry),
    };
    const decoded = decodeProfileDocument(viaJson(doc) as Record<string, unknown>);
    expect(decoded.meta.nextSeq).toBe(15);
    expect(decoded.log).toHaveLength(LOG_LIMIT);
    expect(decoded.log[0]?.text).toMatch(/^line 20:/);
  });

  it('reads the commission booked on an order, from a file written before it was kept, as what its fills were charged', () => {
    const doc = fullDocument();
    const orders = doc['orders'] as Array<Record<string, unknown>>;
    const filled = orders.filter((o) => o['filledQty'] !== '0');
    expect(filled.every((o) => o['commissionPaid'] !== undefined)).toBe(true);
    const older = { ...doc, orders: orders.map(({ commissionPaid: _commissionPaid, ...order }) => order) };
    const decoded = decodeProfileDocument(older);
    for (const { order, fills } of sampleOrders()) {
      const stored = decoded.orders.find((o) => o.clientOrderId === order.clientOrderId)!;
      const charged = fills.reduce((sum, fill) => sum.plus(fill.commission), dec(0));
      expect(stored.commissionPaid, order.status).toBe(order.filledQty.isZero() ? undefined : charged.toFixed());
    }
    // Two fills of 0.0035 each: the partially filled order that then filled.
    expect(decoded.orders.some((o) => o.commissionPaid === '0.007')).toBe(true);
  });

  it('has no portfolio until one is stored', () => {
    const { portfolio: _unused, ...rest } = fullDocument();
    expect(Object.keys(decodeProfileDocument(rest))).not.toContain('portfolio');
  });
});

describe('balances brought forward', () => {
  it('keep when the books opened', () => {
    const balances = { cash: dec('96075.35'), positions: { AAPL: dec(10), MSFT: dec('5.5') }, openedAt: 1_767_627_001_000 };
    const stored = encodeBalances(balances);
    expect(stored).toEqual({ cash: '96075.35', positions: { AAPL: '10', MSFT: '5.5' }, openedAt: 1_767_627_001_000 });
    expect(decodeBalances(viaJson(stored))).toEqual(balances);
  });

  it('have no opening in books from before it was kept', () => {
    const decoded = decodeBalances({ cash: '100000', positions: {} });
    expect(decoded).toEqual({ cash: dec(100_000), positions: {} });
    expect(Object.keys(decoded)).not.toContain('openedAt');
  });

  it('name a bad opening time', () => {
    expect(corruptMessage(() => decodeBalances({ cash: '1', positions: {}, openedAt: 'today' }))).toContain('brought.openedAt');
  });
});

describe("each source's books brought forward", () => {
  const sources = {
    sma1: {
      commission: dec('2.0035'),
      positions: {
        AAPL: { symbol: 'AAPL', qty: dec(-15), avgCost: dec('103.3333333333333333333333333333333333333'), realizedPnl: dec('33'), costBasis: dec('1550') },
        MSFT: { symbol: 'MSFT', qty: dec(0), avgCost: dec(0), realizedPnl: dec('-4.5'), costBasis: dec(0) },
      },
    },
    manual: { commission: dec(0), positions: {} },
  };

  it('round-trip every figure to the last digit, flat positions with their realized P&L included', () => {
    const stored = encodeBalances({ cash: dec(1000), positions: {}, sources });
    expect(stored.sources?.['sma1']?.positions['AAPL']).toEqual({
      symbol: 'AAPL',
      qty: '-15',
      avgCost: '103.3333333333333333333333333333333333333',
      realizedPnl: '33',
      costBasis: '1550',
    });
    expect(decodeBalances(viaJson(stored))).toEqual({ cash: dec(1000), positions: {}, sources });
  });

  it('are none in books from before they were kept', () => {
    expect(Object.keys(decodeBalances({ cash: '1', positions: {} }))).not.toContain('sources');
    expect(Object.keys(encodeBalances({ cash: dec(1), positions: {} }))).not.toContain('sources');
  });

  it('name a bad figure by its source and symbol, and refuse a source no order could carry', () => {
    const stored = viaJson(encodeBalances({ cash: dec(1), positions: {}, sources })) as { sources: Record<string, { positions: Record<string, Record<string, unknown>> }> };
    stored.sources['sma1']!.positions['AAPL']!['avgCost'] = 103.3;
    expect(corruptMessage(() => decodeBalances(stored))).toContain('brought.sources.sma1.positions.AAPL.avgCost: expected a decimal string, found 103.3');
    expect(corruptMessage(() => decodeBalances({ cash: '1', positions: {}, sources: { SMA1: { commission: '0', positions: {} } } }))).toContain(
      'brought.sources.SMA1: expected books under manual, external or a strategy id',
    );
    expect(corruptMessage(() => decodeBalances({ cash: '1', positions: {}, sources: { sma1: { positions: {} } } }))).toContain('brought.sources.sma1.commission');
  });
});
