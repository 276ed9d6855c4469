import { trading } from '@alpacahq/alpaca-trade-api';
import { describe, expect, it } from 'vitest';
import { toMarketClock } from '../../../src/broker/alpaca/wire-account.js';
import { emulator, type Emulator } from './helpers.js';

const HOUR = 3_600_000;

/** Moves the emulator's clock (it starts Monday 2026-01-05 10:00 New York time) to `iso`. */
function advanceTo(e: Emulator, iso: string): void {
  e.clock.advance(Date.parse(iso) - e.clock.now());
}

function sdkConfiguration(e: Emulator): trading.Configuration {
  return new trading.Configuration({ basePath: e.server.url, keyId: 'alice', secret: 'secret-alice' });
}

describe('emulator clock', () => {
  it("tells the sim's time in New York time, open, with the calendar's next close and open", async () => {
    const e = await emulator();
    const { status, body } = await e.call('GET', '/v2/clock');
    expect(status).toBe(200);
    expect(body).toEqual({
      timestamp: '2026-01-05T10:00:00-05:00',
      is_open: true,
      next_open: '2026-01-06T09:30:00-05:00',
      next_close: '2026-01-05T16:00:00-05:00',
    });
    expect(toMarketClock(body)).toEqual({ timestamp: body.timestamp, isOpen: true, nextOpen: body.next_open, nextClose: body.next_close });
  });

  it('skips the weekend and a holiday, in summer time, and keeps milliseconds', async () => {
    const e = await emulator();
    advanceTo(e, '2026-01-10T17:00:00.250Z');
    expect((await e.call('GET', '/v2/clock')).body).toMatchObject({
      timestamp: '2026-01-10T12:00:00.250-05:00',
      next_open: '2026-01-12T09:30:00-05:00',
      next_close: '2026-01-12T16:00:00-05:00',
    });
    // Independence Day 2026 is a Saturday, so Friday July 3rd is the holiday.
    advanceTo(e, '2026-07-02T21:00:00Z');
    expect((await e.call('GET', '/v2/clock')).body).toMatchObject({
      timestamp: '2026-07-02T17:00:00-04:00',
      next_open: '2026-07-06T09:30:00-04:00',
      next_close: '2026-07-06T16:00:00-04:00',
    });
  });

  it('is read by the official SDK', async () => {
    const e = await emulator();
    e.clock.advance(HOUR);
    const clock = await new trading.ClockApi(sdkConfiguration(e)).legacyClock();
    expect(clock).toEqual({
      isOpen: true,
      timestamp: new Date('2026-01-05T16:00:00Z'),
      nextOpen: new Date('2026-01-06T14:30:00Z'),
      nextClose: new Date('2026-01-05T21:00:00Z'),
    });
  });
});

describe('emulator calendar', () => {
  it('lists trading days with Alpaca\'s fields, skipping Thanksgiving and closing early the day after', async () => {
    const e = await emulator();
    const { status, body } = await e.call('GET', '/v2/calendar?start=2026-11-24&end=2026-11-30');
    expect(status).toBe(200);
    expect(body).toEqual([
      { date: '2026-11-24', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: '2026-11-25' },
      { date: '2026-11-25', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: '2026-11-27' },
      { date: '2026-11-27', open: '09:30', close: '13:00', session_open: '0400', session_close: '2000', settlement_date: '2026-11-30' },
      { date: '2026-11-30', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: '2026-12-01' },
    ]);
  });

  it("has 2026's ten NYSE holidays and no others", async () => {
    const e = await emulator();
    const { body } = await e.call('GET', '/v2/calendar?start=2026-01-01&end=2026-12-31');
    const open = new Set(body.map((day: { date: string }) => day.date));
    const weekdays: string[] = [];
    for (let ms = Date.UTC(2026, 0, 1); ms <= Date.UTC(2026, 11, 31); ms += 24 * HOUR) {
      const day = new Date(ms);
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) weekdays.push(day.toISOString().slice(0, 10));
    }
    expect(weekdays.filter((date) => !open.has(date))).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-04-03',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-11-26',
      '2026-12-25',
    ]);
    expect(body.filter((day: { close: string }) => day.close !== '16:00').map((day: { date: string }) => day.date)).toEqual(['2026-11-27', '2026-12-24']);
  });

  it('does not make up a New Year\'s Day that falls on a Saturday, and moves a Sunday Christmas to Monday', async () => {
    const e = await emulator();
    const dates = async (query: string): Promise<string[]> => (await e.call('GET', `/v2/calendar?${query}`)).body.map((day: { date: string }) => day.date);
    expect(await dates('start=2021-12-30&end=2022-01-03')).toEqual(['2021-12-30', '2021-12-31', '2022-01-03']);
    expect(await dates('start=2022-12-23&end=2022-12-27')).toEqual(['2022-12-23', '2022-12-27']);
  });

  it('takes the RFC 3339 bounds the official SDK sends, and a year from today without them', async () => {
    const e = await emulator();
    const days = await new trading.CalendarApi(sdkConfiguration(e)).legacyCalendar({ start: new Date('2026-12-01'), end: new Date('2026-12-02') });
    expect(days).toEqual([
      { date: new Date('2026-12-01'), open: '09:30', close: '16:00', sessionOpen: '0400', sessionClose: '2000', settlementDate: new Date('2026-12-02') },
      { date: new Date('2026-12-02'), open: '09:30', close: '16:00', sessionOpen: '0400', sessionClose: '2000', settlementDate: new Date('2026-12-03') },
    ]);
    const { body } = await e.call('GET', '/v2/calendar');
    expect(body[0].date).toBe('2026-01-05');
    expect(body.at(-1).date).toBe('2027-01-05');
  });

  it('refuses a malformed date with one line saying what would do', async () => {
    const e = await emulator();
    expect(await e.call('GET', '/v2/calendar?start=2026-02-30')).toEqual({
      status: 422,
      body: {
        code: 40010001,
        message: '"start" is "2026-02-30": expected a date such as 2026-12-01 or an RFC 3339 time such as 2026-12-01T00:00:00Z',
      },
    });
  });
});
