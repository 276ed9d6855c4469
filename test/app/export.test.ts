import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ExportConfig } from '../../src/app/config.js';
import { parseRangeDate } from '../../src/app/export-dates.js';
import { runExport } from '../../src/app/export.js';
import { dec, sumDec, ZERO } from '../../src/domain/decimal.js';
import { applyTrade, emptyPortfolio } from '../../src/domain/portfolio.js';
import { encodeFill, encodeOrder } from '../../src/persistence/profile-codec.js';
import { useTempDir } from '../persistence/helpers.js';
import { archiveOf, fillOf, keepBooks, order, positionAdjustment } from './export-fixtures.js';

const tempDir = useTempDir();

const T = Date.UTC(2026, 11, 1, 14, 30, 0);

function collector(): { out: Writable; text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { out, text: () => chunks.join('') };
}

async function exported(kind: ExportConfig['kind'], options: Partial<ExportConfig> = {}): Promise<string> {
  const { out, text } = collector();
  await runExport({ kind, range: {}, format: 'csv', dataDir: tempDir(), profile: 'sim', ...options }, out);
  return text();
}

/** Rows as arrays of cells; the fields in these tests hold no quotes or line breaks. */
function cells(csv: string): string[][] {
  return csv.split('\r\n').filter((line) => line !== '').map((line) => line.split(','));
}

function column(csv: string, name: string): string[] {
  const [header = [], ...rows] = cells(csv);
  const at = header.indexOf(name);
  return rows.map((row) => row[at] ?? '');
}

function local(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  return new Date(year, month - 1, day, hour, minute, second, ms).getTime();
}

function smallBooks() {
  const bought = order(1, 'AAPL', 'buy', '10', T, {
    type: 'limit',
    timeInForce: 'gtc',
    limitPrice: dec('187.5'),
    avgFillPrice: dec('187.42'),
    brokerOrderId: 'b-1',
    executionIds: ['e1'],
  });
  const sold = order(2, 'AAPL', 'sell', '10', T + 60_000, { avgFillPrice: dec('190'), brokerOrderId: 'b-2', executionIds: ['e2'] });
  const canceled = order(3, 'MSFT', 'buy', '0', T + 120_000, { qty: undefined, notional: dec('500'), status: 'canceled', filledQty: ZERO, reason: 'canceled, after 60s' });
  const averaged = order(4, 'KO', 'buy', '3', T + 180_000, { avgFillPrice: dec('18.3333333333333333333'), executionIds: ['e3'] });
  return {
    orders: [bought, sold, canceled, averaged],
    fills: [
      fillOf(bought, 'e1', '10', '187.42', T + 500, { commission: dec('0.01') }),
      fillOf(sold, 'e2', '10', '190', T + 60_500, { detectedBy: 'poll' }),
      // Known only through the broker's average: its exact value is carried, not qty × price.
      fillOf(averaged, 'e3', '3', '18.3333333333333333333', T + 180_500, { notional: dec('55'), detectedBy: 'reconcile' }),
    ],
  };
}

describe('blotter export: what it writes', () => {
  it('writes orders as CSV: a header, one CRLF-ended record per order, empty cells for absent values', async () => {
    await keepBooks(tempDir(), smallBooks());

    expect(await exported('orders')).toBe(
      [
        'seq,createdAt,updatedAt,symbol,side,type,timeInForce,qty,notional,limitPrice,stopPrice,trailPercent,trailPrice,status,filledQty,avgFillPrice,reason,clientOrderId,brokerOrderId',
        '1,2026-12-01T14:30:00.000Z,2026-12-01T14:30:01.000Z,AAPL,buy,limit,gtc,10,,187.5,,,,filled,10,187.42,,blt-0001,b-1',
        '2,2026-12-01T14:31:00.000Z,2026-12-01T14:31:01.000Z,AAPL,sell,market,day,10,,,,,,filled,10,190,,blt-0002,b-2',
        '3,2026-12-01T14:32:00.000Z,2026-12-01T14:32:01.000Z,MSFT,buy,market,day,,500,,,,,canceled,0,,"canceled, after 60s",blt-0003,',
        '4,2026-12-01T14:33:00.000Z,2026-12-01T14:33:01.000Z,KO,buy,market,day,3,,,,,,filled,3,18.3333333333333333333,,blt-0004,',
        '',
      ].join('\r\n'),
    );
  });

  it('writes fills as CSV, valued exactly (the carried value of an averaged fill, else qty × price)', async () => {
    await keepBooks(tempDir(), smallBooks());

    expect(await exported('fills')).toBe(
      [
        'time,orderSeq,symbol,side,qty,price,value,commission,detectedBy,executionId,clientOrderId',
        '2026-12-01T14:30:00.500Z,1,AAPL,buy,10,187.42,1874.2,0.01,stream,e1,blt-0001',
        '2026-12-01T14:31:00.500Z,2,AAPL,sell,10,190,1900,0,poll,e2,blt-0002',
        '2026-12-01T14:33:00.500Z,4,KO,buy,3,18.3333333333333333333,55,0,reconcile,e3,blt-0004',
        '',
      ].join('\r\n'),
    );
  });

  it('writes trades as CSV: closed ones, then the open ones with no close and no exit', async () => {
    await keepBooks(tempDir(), smallBooks());

    expect(await exported('trades')).toBe(
      [
        'symbol,direction,status,opened,closed,maxQty,avgEntry,avgExit,realizedPnl,commissions,fills,adjusted',
        'AAPL,long,closed,2026-12-01T14:30:00.500Z,2026-12-01T14:31:00.500Z,10,187.42,190,25.8,0.01,2,no',
        'KO,long,open,2026-12-01T14:33:00.500Z,,3,18.333333,,0,0,1,no',
        '',
      ].join('\r\n'),
    );
  });

  it('writes JSON: an array of objects with the same fields, decimals as strings, absent values null', async () => {
    await keepBooks(tempDir(), smallBooks());

    const text = await exported('fills', { format: 'json' });
    expect(text.split('\n')).toHaveLength(6);
    const rows = JSON.parse(text) as Array<Record<string, unknown>>;
    expect(rows[2]).toEqual({
      time: '2026-12-01T14:33:00.500Z',
      orderSeq: 4,
      symbol: 'KO',
      side: 'buy',
      qty: '3',
      price: '18.3333333333333333333',
      value: '55',
      commission: '0',
      detectedBy: 'reconcile',
      executionId: 'e3',
      clientOrderId: 'blt-0004',
    });
    const trades = JSON.parse(await exported('trades', { format: 'json' })) as Array<Record<string, unknown>>;
    expect(trades[1]).toMatchObject({ symbol: 'KO', status: 'open', closed: null, avgExit: null, adjusted: false, fills: 1 });
    const orders = JSON.parse(await exported('orders', { format: 'json' })) as Array<Record<string, unknown>>;
    expect(orders[2]).toMatchObject({ qty: null, notional: '500', reason: 'canceled, after 60s', brokerOrderId: null });
  });

  it('writes a header alone, or an empty JSON array, when nothing is in the range', async () => {
    await keepBooks(tempDir(), smallBooks());
    const range = { from: T + 86_400_000 };

    expect(await exported('fills', { range })).toBe('time,orderSeq,symbol,side,qty,price,value,commission,detectedBy,executionId,clientOrderId\r\n');
    expect(await exported('orders', { range, format: 'json' })).toBe('[]\n');
  });
});

describe('blotter export: CSV a spreadsheet cannot be tricked by', () => {
  it('quotes fields holding a comma, a quote or a line break, and defuses text that would be a formula', async () => {
    const reasons = ['=HYPERLINK("http://evil.example","click")', '+1+2', '-2+3', '@SUM(A1:A2)', 'said "no", twice\r\nsee the log', '\tpadded'];
    const orders = reasons.map((reason, i) => order(i + 1, 'AAPL', 'buy', '1', T + i, { status: 'rejected', filledQty: ZERO, reason }));
    await keepBooks(tempDir(), { orders, fills: [] });

    const record = (i: number, reasonCell: string): string =>
      `${i + 1},${new Date(T + i).toISOString()},${new Date(T + i + 1000).toISOString()},AAPL,buy,market,day,1,,,,,,rejected,0,,${reasonCell},blt-000${i + 1},\r\n`;

    expect((await exported('orders')).split('\r\n').slice(1).join('\r\n')).toBe(
      [
        record(0, `"'=HYPERLINK(""http://evil.example"",""click"")"`),
        record(1, `'+1+2`),
        record(2, `'-2+3`),
        record(3, `'@SUM(A1:A2)`),
        record(4, `"said ""no"", twice\r\nsee the log"`),
        record(5, `'\tpadded`),
      ].join(''),
    );
    // JSON is not read by spreadsheets: it keeps the text as it is.
    const json = JSON.parse(await exported('orders', { format: 'json' })) as Array<{ reason: string }>;
    expect(json.map((row) => row.reason)).toEqual(reasons);
  });

  it('leaves negative numbers alone: -25 is a loss, not a formula', async () => {
    const b = order(1, 'AAPL', 'buy', '5', T);
    const s = order(2, 'AAPL', 'sell', '5', T + 10);
    await keepBooks(tempDir(), { orders: [b, s], fills: [fillOf(b, 'e1', '5', '100', T + 1), fillOf(s, 'e2', '5', '95', T + 11)] });

    expect(column(await exported('trades'), 'realizedPnl')).toEqual(['-25']);
  });
});

describe('blotter export: the live profile and the archive', () => {
  /** Three AAPL round trips over three months; the first two are old enough to be archived. */
  function threeMonths() {
    const at = [Date.UTC(2026, 9, 5), Date.UTC(2026, 9, 6), Date.UTC(2026, 10, 10), Date.UTC(2026, 10, 11), Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 2)];
    const orders = [
      order(1, 'AAPL', 'buy', '10', at[0]!),
      order(2, 'AAPL', 'sell', '10', at[1]!),
      order(3, 'AAPL', 'sell', '4', at[2]!),
      order(4, 'AAPL', 'buy', '4', at[3]!),
      order(5, 'AAPL', 'buy', '2', at[4]!),
      order(6, 'AAPL', 'sell', '2', at[5]!),
    ];
    const prices = ['100', '101', '50', '48', '200', '203'];
    const fills = orders.map((o, i) => fillOf(o, `e${i + 1}`, o.qty?.toFixed() ?? '0', prices[i]!, o.createdAt + 10));
    return { orders, fills, archiveBefore: Date.UTC(2026, 10, 20) };
  }

  it('reads archived orders and fills with the live ones, a month file at a time, in time order', async () => {
    await keepBooks(tempDir(), threeMonths());
    expect(readdirSync(join(tempDir(), 'archive', 'sim')).sort()).toEqual(['fills-2026-10.jsonl', 'fills-2026-11.jsonl', 'orders-2026-10.jsonl', 'orders-2026-11.jsonl']);

    expect(column(await exported('orders'), 'seq')).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(column(await exported('fills'), 'executionId')).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    expect(cells(await exported('trades')).map((row) => [row[1], row[8]])).toEqual([
      ['direction', 'realizedPnl'],
      ['long', '10'],
      ['short', '8'],
      ['long', '6'],
    ]);
  });

  it('counts a record once when a crash left it in both the archive and the live file, the live copy winning', async () => {
    const books = threeMonths();
    await keepBooks(tempDir(), books);
    const archive = archiveOf(tempDir());
    const live5 = books.orders[4]!;
    // Archived twice in the same month file (a crash between archiving and saving, then again).
    await archive.append('fills', [encodeFill(books.fills[0]!)], (f) => f.at);
    await archive.append('orders', [encodeOrder(books.orders[0]!)], (o) => o.updatedAt);
    // Archived, then the live file kept them: the live copies are newer (here: a different status and detection).
    await archive.append('orders', [encodeOrder({ ...live5, status: 'new', filledQty: ZERO })], (o) => o.updatedAt);
    await archive.append('fills', [encodeFill({ ...books.fills[4]!, detectedBy: 'poll' })], (f) => f.at);
    // A crash cut an append short: that fragment is no record.
    await appendFile(join(archive.dir, 'fills-2026-12.jsonl'), '{"executionId":"e6","clientOrd');

    const orders = await exported('orders');
    expect(column(orders, 'seq')).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(column(orders, 'status')[4]).toBe('filled');
    const fills = await exported('fills');
    expect(column(fills, 'executionId')).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    expect(column(fills, 'detectedBy')[4]).toBe('stream');
    // The copy archived again comes last in its file; replayed in time order, the buy still opens the trip.
    const trades = await exported('trades');
    expect(column(trades, 'direction')).toEqual(['long', 'short', 'long']);
    expect(column(trades, 'realizedPnl')).toEqual(['10', '8', '6']);
  });

  it('keeps the newest copy of an order archived again in a later month after late news', async () => {
    const books = threeMonths();
    await keepBooks(tempDir(), books);
    const first = books.orders[0]!;
    await archiveOf(tempDir()).append('orders', [encodeOrder({ ...first, status: 'filled', reason: 'late fill', updatedAt: Date.UTC(2026, 10, 1) })], (o) => o.updatedAt);

    const orders = await exported('orders');
    expect(column(orders, 'seq')).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(column(orders, 'reason')[0]).toBe('late fill');
  });

  it('replays archived and live fills and adjustments in time order: trades realize exactly what the positions do', async () => {
    // The hand-worked case: 10 @ 100 and 5 @ 110 cost 1550; 12 sold @ 120 realize 200, leaving 3 costing 310;
    // 8 sold @ 90 close those for 270 (−40) and open a short of 5 at 90; 5 bought @ 95 close it (−25).
    const at = [Date.UTC(2026, 9, 1), Date.UTC(2026, 9, 2), Date.UTC(2026, 10, 3), Date.UTC(2026, 11, 4), Date.UTC(2026, 11, 5)];
    const sides = ['buy', 'buy', 'sell', 'sell', 'buy'] as const;
    const qtys = ['10', '5', '12', '8', '5'];
    const prices = ['100', '110', '120', '90', '95'];
    const commissions = ['1', '0.5', '1.2', '0.8', '0.5'];
    const orders = at.map((t, i) => order(i + 1, 'AAPL', sides[i]!, qtys[i]!, t));
    const fills = orders.map((o, i) => fillOf(o, `e${i + 1}`, qtys[i]!, prices[i]!, o.createdAt + 10, { commission: dec(commissions[i]!) }));
    const msft = order(6, 'MSFT', 'buy', '3', Date.UTC(2026, 9, 15));
    const adjustments = [
      // Long 3 MSFT corrected to flat in November (archived), then a correction opening long 2 in December (live).
      positionAdjustment('adj-1', 'MSFT', '-3', Date.UTC(2026, 10, 1)),
      positionAdjustment('adj-2', 'MSFT', '2', Date.UTC(2026, 11, 6), '400'),
    ];
    await keepBooks(tempDir(), { orders: [...orders, msft], fills: [...fills, fillOf(msft, 'm1', '3', '410', msft.createdAt)], adjustments, archiveBefore: Date.UTC(2026, 10, 20) });

    const trades = cells(await exported('trades'));
    expect(trades.slice(1)).toEqual([
      ['MSFT', 'long', 'closed', '2026-10-15T00:00:00.000Z', '2026-11-01T00:00:00.000Z', '3', '410', '', '0', '0', '1', 'yes'],
      ['AAPL', 'long', 'closed', '2026-10-01T00:00:00.010Z', '2026-12-04T00:00:00.010Z', '15', '103.333333', '114', '160', '3', '4', 'no'],
      ['AAPL', 'short', 'closed', '2026-12-04T00:00:00.010Z', '2026-12-05T00:00:00.010Z', '5', '90', '95', '-25', '1', '2', 'no'],
      ['MSFT', 'long', 'open', '2026-12-06T00:00:00.000Z', '', '2', '', '', '0', '0', '0', 'yes'],
    ]);
    // Independently: the fills booked through the portfolio as the engine books them.
    let portfolio = emptyPortfolio(ZERO);
    for (const f of fills) portfolio = applyTrade(portfolio, f);
    const realized = sumDec(trades.slice(1).map((row) => dec(row[8]!)));
    expect(realized.toFixed()).toBe(portfolio.positions['AAPL']!.realizedPnl.toFixed());
    expect(realized.toFixed()).toBe('135');
  });
});

describe('blotter export: --from and --to', () => {
  it('selects fills by local day, whole days included at both ends, in the archive and the live file', async () => {
    const times = [local(2026, 11, 30, 23, 59, 59, 999), local(2026, 12, 1), local(2026, 12, 15, 12), local(2026, 12, 31, 23, 59, 59, 999), local(2027, 1, 1)];
    const orders = times.map((t, i) => order(i + 1, 'AAPL', i % 2 === 0 ? 'buy' : 'sell', '1', t - 5));
    const fills = orders.map((o, i) => fillOf(o, `e${i + 1}`, '1', '10', times[i]!));
    await keepBooks(tempDir(), { orders, fills, archiveBefore: local(2026, 12, 20) });
    const range = { from: parseRangeDate('2026-12-01', 'from'), to: parseRangeDate('2026-12-31', 'to') };

    expect(range).toEqual({ from: local(2026, 12, 1), to: local(2027, 1, 1) - 1 });
    expect(column(await exported('fills', { range }), 'executionId')).toEqual(['e2', 'e3', 'e4']);
    expect(column(await exported('fills', { range: { from: range.from } }), 'executionId')).toEqual(['e2', 'e3', 'e4', 'e5']);
    expect(column(await exported('fills', { range: { to: range.to } }), 'executionId')).toEqual(['e1', 'e2', 'e3', 'e4']);
    const instant = parseRangeDate('2026-12-15T12:00', 'to');
    expect(column(await exported('fills', { range: { from: instant, to: instant } }), 'executionId')).toEqual(['e3']);
  });

  it('selects orders by when they were created, not when they finished, archived or live', async () => {
    const before = order(1, 'AAPL', 'buy', '1', local(2026, 11, 30, 23), { updatedAt: local(2026, 12, 2) });
    const inside = order(2, 'AAPL', 'sell', '1', local(2026, 12, 1, 9), { updatedAt: local(2027, 1, 3) });
    const after = order(3, 'AAPL', 'buy', '1', local(2027, 1, 1, 9));
    await keepBooks(tempDir(), { orders: [before, inside, after], fills: [], archiveBefore: local(2027, 1, 5) });
    const range = { from: local(2026, 12, 1), to: local(2027, 1, 1) - 1 };

    expect(column(await exported('orders', { range }), 'seq')).toEqual(['2']);
  });

  it('selects trades by when they closed, and lists an open trade when it opened by the end of the range', async () => {
    const o = [
      order(1, 'AAPL', 'buy', '1', local(2026, 11, 28)),
      order(2, 'AAPL', 'sell', '1', local(2026, 12, 2)),
      order(3, 'MSFT', 'buy', '1', local(2026, 12, 3)),
      order(4, 'MSFT', 'sell', '1', local(2027, 1, 2)),
      order(5, 'KO', 'buy', '1', local(2026, 12, 20)),
      order(6, 'NVDA', 'buy', '1', local(2027, 1, 3)),
    ];
    await keepBooks(tempDir(), { orders: o, fills: o.map((x, i) => fillOf(x, `e${i + 1}`, '1', '10', x.createdAt)) });
    const range = { from: local(2026, 12, 1), to: local(2027, 1, 1) - 1 };

    // AAPL closed inside; MSFT closed after the range; KO is open and opened inside; NVDA opened after.
    expect(cells(await exported('trades', { range })).slice(1).map((row) => `${row[0]} ${row[2]}`)).toEqual(['AAPL closed', 'KO open']);
    expect(cells(await exported('trades')).slice(1).map((row) => `${row[0]} ${row[2]}`)).toEqual(['AAPL closed', 'MSFT closed', 'KO open', 'NVDA open']);
  });
});

describe('blotter export: reading only, and errors', () => {
  it('reads a profile a running Blotter holds locked, and changes nothing in the data directory', async () => {
    const store = await keepBooks(tempDir(), smallBooks(), { keepOpen: true });
    try {
      const listing = readdirSync(tempDir()).sort();
      const file = readFileSync(join(tempDir(), 'sim.json'), 'utf8');

      expect(column(await exported('fills'), 'executionId')).toEqual(['e1', 'e2', 'e3']);
      expect(readdirSync(tempDir()).sort()).toEqual(listing);
      expect(readFileSync(join(tempDir(), 'sim.json'), 'utf8')).toBe(file);
    } finally {
      await store?.close();
    }
  });

  it('says which profiles the directory holds when the one asked for is not there, and writes nothing', async () => {
    await keepBooks(tempDir(), smallBooks(), { profile: 'day-2' });
    await keepBooks(tempDir(), smallBooks(), { profile: 'alpaca' });
    const { out, text } = collector();

    await expect(runExport({ kind: 'fills', range: {}, format: 'csv', dataDir: tempDir(), profile: 'sim' }, out)).rejects.toThrow(
      `no profile sim in ${tempDir()}; it holds alpaca, day-2: choose one with --profile`,
    );
    expect(text()).toBe('');
    await expect(exported('fills', { dataDir: join(tempDir(), 'nowhere') })).rejects.toThrow(
      `no profile sim in ${join(tempDir(), 'nowhere')}; name the directory that holds it with --data-dir (or $BLOTTER_DATA_DIR)`,
    );
  });

  it('refuses a corrupt or newer profile file, naming it, and leaves it as it was', async () => {
    const path = join(tempDir(), 'sim.json');
    writeFileSync(path, '{"schemaVersion": 2, "meta": ');
    await expect(exported('orders')).rejects.toThrow(`${path} is not a valid Blotter store (not valid JSON`);
    expect(readFileSync(path, 'utf8')).toBe('{"schemaVersion": 2, "meta": ');

    writeFileSync(path, '{"schemaVersion": 99}');
    await expect(exported('orders')).rejects.toThrow(`${path} was written by a newer Blotter (schema 99, this build reads up to 2); upgrade Blotter`);
  });

  it('refuses an archived record it cannot read, naming its month file, and writes nothing', async () => {
    await keepBooks(tempDir(), { ...smallBooks(), archiveBefore: T + 86_400_000 });
    const bad = join(archiveOf(tempDir()).dir, 'fills-2026-12.jsonl');
    await appendFile(bad, `${JSON.stringify({ executionId: 'e9', clientOrderId: 'blt-0009', orderSeq: 9, symbol: 'AAPL', side: 'buy', qty: 'ten', price: '1', commission: '0', at: T })}\n`);
    const { out, text } = collector();

    await expect(runExport({ kind: 'trades', range: {}, format: 'csv', dataDir: tempDir(), profile: 'sim' }, out)).rejects.toThrow(
      `${bad} is not a valid Blotter store (fill.qty: expected a decimal string`,
    );
    expect(text()).toBe('');
  });

  it('stops quietly when the reader goes away, and says so when the output cannot be written', async () => {
    await keepBooks(tempDir(), smallBooks());
    const failing = (code: string): Writable =>
      new Writable({
        write(_chunk, _encoding, done) {
          done(Object.assign(new Error(`${code}: write failed`), { code }));
        },
      });
    const config: ExportConfig = { kind: 'fills', range: {}, format: 'csv', dataDir: tempDir(), profile: 'sim' };

    await expect(runExport(config, failing('EPIPE'))).resolves.toBeUndefined();
    await expect(runExport(config, failing('ENOSPC'))).rejects.toThrow('could not write the export: ENOSPC: write failed');
  });
});
