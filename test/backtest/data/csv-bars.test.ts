import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvBars } from '../../../src/backtest/data/csv-bars.js';
import type { BarColumns } from '../../../src/backtest/types.js';

const GOOG = readFileSync(new URL('../../fixtures/GOOG.csv', import.meta.url), 'utf8');

function bars(text: string): BarColumns {
  const parsed = parseCsvBars(text, 'prices.csv');
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.bars;
}

function problem(text: string): string {
  const parsed = parseCsvBars(text, 'prices.csv');
  if (parsed.ok) throw new Error(`accepted ${JSON.stringify(text)}`);
  return parsed.problem;
}

function row(bars: BarColumns, i: number): [string, number, number, number, number, number] {
  return [new Date(bars.start[i]!).toISOString(), bars.open[i]!, bars.high[i]!, bars.low[i]!, bars.close[i]!, bars.volume[i]!];
}

const HEADER = 'Date,Open,High,Low,Close,Volume';

describe('parseCsvBars', () => {
  it("reads backtesting.py's GOOG.csv (pandas' empty first header) to its 2,148 daily bars", () => {
    const goog = bars(GOOG);
    expect(goog.length).toBe(2148);
    expect(row(goog, 0)).toEqual(['2004-08-19T00:00:00.000Z', 100, 104.06, 95.96, 100.34, 22351900]);
    expect(row(goog, 1)).toEqual(['2004-08-20T00:00:00.000Z', 101.01, 109.08, 100.5, 108.31, 11428600]);
    expect(row(goog, 2147)).toEqual(['2013-03-01T00:00:00.000Z', 797.8, 807.14, 796.15, 806.19, 2175400]);
    // Buy and hold from the first close to the last: backtesting.py's published 703.4582 %.
    expect(((goog.close[2147]! / goog.close[0]! - 1) * 100).toFixed(4)).toBe('703.4582');
  });

  it('reads each number to the double Number() gives it', () => {
    const text = `${HEADER}\n2024-01-02,0.1,0.30000000000000004,0.07,0.2,1e3\n2024-01-03,123456789.123456789,123456790,123456789,123456789.5,0\n`;
    const parsed = bars(text);
    expect(Array.from(parsed.open)).toEqual([0.1, 123456789.123456789]);
    expect(Array.from(parsed.high)).toEqual([0.30000000000000004, 123456790]);
    expect(Array.from(parsed.volume)).toEqual([1000, 0]);
  });

  it('finds the columns by name in any case and order, ignores others, and takes Volume as 0 when there is none', () => {
    const parsed = bars('timestamp,close,Adj Close,LOW,high,open\n2024-01-02,10.5,10.4,10,11,10.2\n');
    expect(row(parsed, 0)).toEqual(['2024-01-02T00:00:00.000Z', 10.2, 11, 10, 10.5, 0]);
  });

  it('reads date-times with their zone, and without one as UTC', () => {
    const parsed = bars(
      [
        'Time,Open,High,Low,Close,Volume',
        '2024-01-02 09:30,1,1,1,1,1',
        '2024-01-02T09:31:00Z,1,1,1,1,1',
        '2024-01-02T09:31:30.125z,1,1,1,1,1',
        '2024-01-02T09:32:00.250-05:00,1,1,1,1,1',
        '2024-01-02T16:00:00+0100,1,1,1,1,1',
      ].join('\r\n'),
    );
    expect(Array.from(parsed.start, (t) => new Date(t).toISOString())).toEqual([
      '2024-01-02T09:30:00.000Z',
      '2024-01-02T09:31:00.000Z',
      '2024-01-02T09:31:30.125Z',
      '2024-01-02T14:32:00.250Z',
      '2024-01-02T15:00:00.000Z',
    ]);
  });

  it('takes a byte-order mark, CRLF, quoted fields and blank lines', () => {
    const parsed = bars(`\uFEFF"Date","Open","High","Low","Close","Volume"\r\n\r\n"2024-01-02","10.5",11,10,"10.75",100\r\n\r\n\r\n`);
    expect(row(parsed, 0)).toEqual(['2024-01-02T00:00:00.000Z', 10.5, 11, 10, 10.75, 100]);
    expect(parsed.length).toBe(1);
  });

  it.each([
    ['an empty file', '', 'prices.csv is empty; it needs a header row (Date,Open,High,Low,Close,Volume) and a row per bar'],
    ['blank lines only', '\n\r\n  \n', 'prices.csv is empty; it needs a header row (Date,Open,High,Low,Close,Volume) and a row per bar'],
    ['a header only', `${HEADER}\n`, 'prices.csv has a header but no bars; add a row per bar below it'],
    [
      'a missing column',
      'Date,Open,High,Close,Volume\n2024-01-02,1,1,1,1\n',
      'prices.csv line 1: no Low column; the header needs the date or time first, then Open, High, Low, Close (Volume optional)',
    ],
    ['a column named twice', 'Date,Open,High,Low,Close,close\n', 'prices.csv line 1: 2 columns are named Close; keep one'],
    [
      'no time column first',
      'Open,High,Low,Close\n1,1,1,1\n',
      'prices.csv line 1: the first column holds each bar\'s date or time, so its header is empty or Date, Time, Timestamp or Datetime, not "Open"; the header needs the date or time first, then Open, High, Low, Close (Volume optional)',
    ],
    ['a short row', `${HEADER}\n2024-01-02,1,1,1,1,1\n2024-01-03,1,1,1,1\n`, 'prices.csv line 3: 5 fields where the header has 6; give every row one field per column'],
    ['text in a number', `${HEADER}\n2024-01-02,1,1,1,abc,1\n`, 'prices.csv line 2: Close "abc" is not a positive price; write a number such as 101.25'],
    ['an empty price', `${HEADER}\n2024-01-02,1,,1,1,1\n`, 'prices.csv line 2: High "" is not a positive price; write a number such as 101.25'],
    ['a zero price', `${HEADER}\n2024-01-02,0,1,0,1,1\n`, 'prices.csv line 2: Open "0" is not a positive price; write a number such as 101.25'],
    ['a hex price', `${HEADER}\n2024-01-02,0x10,16,16,16,1\n`, 'prices.csv line 2: Open "0x10" is not a positive price; write a number such as 101.25'],
    ['an infinite price', `${HEADER}\n2024-01-02,1,Infinity,1,1,1\n`, 'prices.csv line 2: High "Infinity" is not a positive price; write a number such as 101.25'],
    ['a price past the largest double', `${HEADER}\n2024-01-02,1,1e999,1,1,1\n`, 'prices.csv line 2: High "1e999" is not a positive price; write a number such as 101.25'],
    ['high below low', `${HEADER}\n2024-01-02,100,100,101,100,1\n2024-01-03,100,99.5,101,100,1\n`, 'prices.csv line 2: High 100 is below Low 101'],
    ['open above high', `${HEADER}\n2024-01-02,102,101,99,100,1\n`, 'prices.csv line 2: Open 102 is outside Low 99 to High 101'],
    ['close below low', `${HEADER}\n2024-01-02,100,101,99,98.5,1\n`, 'prices.csv line 2: Close 98.5 is outside Low 99 to High 101'],
    ['a negative volume', `${HEADER}\n2024-01-02,1,1,1,1,-5\n`, 'prices.csv line 2: Volume "-5" is not a count from 0; write a number such as 22351900'],
    ['a repeated time', `${HEADER}\n2024-01-02,1,1,1,1,1\n\n2024-01-02,1,1,1,1,1\n`, 'prices.csv line 4: 2024-01-02 repeats the time of line 2; give each bar its own time'],
    ['rows out of order', `${HEADER}\n2024-01-03,1,1,1,1,1\n2024-01-02,1,1,1,1,1\n`, 'prices.csv line 3: 2024-01-02 is earlier than line 2; rows run oldest first'],
    [
      'a month that is not one',
      `${HEADER}\n2024-13-01,1,1,1,1,1\n`,
      'prices.csv line 2: "2024-13-01" is not a date or time; write an ISO date such as 2004-08-19 or a date-time such as 2004-08-19T15:30:00Z',
    ],
    [
      'the 30th of February',
      `${HEADER}\n2024-02-30,1,1,1,1,1\n`,
      'prices.csv line 2: "2024-02-30" is not a date or time; write an ISO date such as 2004-08-19 or a date-time such as 2004-08-19T15:30:00Z',
    ],
    [
      'a US date',
      `${HEADER}\n08/19/2004,1,1,1,1,1\n`,
      'prices.csv line 2: "08/19/2004" is not a date or time; write an ISO date such as 2004-08-19 or a date-time such as 2004-08-19T15:30:00Z',
    ],
    [
      'an hour past 23',
      `${HEADER}\n2024-01-02T24:00:00Z,1,1,1,1,1\n`,
      'prices.csv line 2: "2024-01-02T24:00:00Z" is not a date or time; write an ISO date such as 2004-08-19 or a date-time such as 2004-08-19T15:30:00Z',
    ],
    [
      'a minute past 59',
      `${HEADER}\n2024-01-02 09:60,1,1,1,1,1\n`,
      'prices.csv line 2: "2024-01-02 09:60" is not a date or time; write an ISO date such as 2004-08-19 or a date-time such as 2004-08-19T15:30:00Z',
    ],
    ['a quote never closed', `${HEADER}\n2024-01-02,"1,1,1,1,1\n`, 'prices.csv line 2: a quoted field never closes; end it with a "'],
    ['text after a quote', `${HEADER}\n2024-01-02,"1"x,1,1,1,1\n`, 'prices.csv line 2: text follows a closing quote; quote the whole field or none of it'],
  ])('refuses %s with its line number and what would be right', (_case, text, expected) => {
    expect(problem(text)).toBe(expected);
  });

  it('counts lines inside a quoted field, so a later row is named by the line it starts on', () => {
    const text = `Date,Open,High,Low,Close,Note\n2024-01-02,1,1,1,1,"two\nlines"\n2024-01-03,1,0.5,1,1,x\n`;
    expect(problem(text)).toBe('prices.csv line 4: High 0.5 is below Low 1');
  });
});

describe('parseCsvBars: line ends and odd spacing', () => {
  it('reads lines ended by a lone carriage return, skips lines of spaces, and reads fractions of a second past the nanosecond', () => {
    const cr = parseCsvBars('Date,Open,High,Low,Close\r2024-01-01,1,2,1,2\r2024-01-02,2,3,2,3\r2024-01-03,3,4,3,4\r', 'cr.csv');
    expect(cr.ok && [cr.bars.length, [...cr.bars.close]]).toEqual([3, [2, 3, 4]]);
    const spaced = parseCsvBars('Date,Open,High,Low,Close\n2024-01-01,1,2,1,2\n   \n\t\n2024-01-02,2,3,2,3\n', 'spaced.csv');
    expect(spaced.ok && spaced.bars.length).toBe(2);
    const fine = parseCsvBars('Time,Open,High,Low,Close\n2024-01-01T10:00:00.1234567890Z,1,2,1,2\n', 'fine.csv');
    expect(fine.ok && fine.bars.start[0]).toBe(Date.parse('2024-01-01T10:00:00.123Z'));
  });
});
