import { describe, expect, it } from 'vitest';
import { DAY_MS, barStart, readTimeframe, type Timeframe } from '../../src/strategy/timeframe.js';

function timeframe(text: string): Timeframe {
  const reading = readTimeframe(text);
  if (!reading.ok) throw new Error(reading.problem);
  return reading.timeframe;
}

function problemOf(text: string): string {
  const reading = readTimeframe(text);
  if (reading.ok) throw new Error(`'${text}' was read as ${reading.timeframe.label}`);
  return reading.problem;
}

describe('readTimeframe', () => {
  it.each([
    ['1s', 1_000, '1s'],
    ['5s', 5_000, '5s'],
    ['30s', 30_000, '30s'],
    ['90s', 90_000, '90s'],
    ['1m', 60_000, '1m'],
    ['60s', 60_000, '1m'],
    ['5M', 300_000, '5m'],
    ['15m', 900_000, '15m'],
    ['1h', 3_600_000, '1h'],
    ['4h', 14_400_000, '4h'],
    ['24h', DAY_MS, '1d'],
    [' 1d ', DAY_MS, '1d'],
    ['1D', DAY_MS, '1d'],
  ])('reads %s as %i ms, labelled %s', (text, ms, label) => {
    expect(timeframe(text)).toEqual({ ms, label });
  });

  it.each([
    ['7s', "'7s' does not divide a day into whole bars; a bar is 1s, 5s, 15s, 30s, 1m, 5m, 15m, 1h or 1d"],
    ['7m', "'7m' does not divide a day into whole bars; a bar is 1s, 5s, 15s, 30s, 1m, 5m, 15m, 1h or 1d"],
    ['5h', "'5h' does not divide a day into whole bars; a bar is 1s, 5s, 15s, 30s, 1m, 5m, 15m, 1h or 1d"],
    ['0s', "'0s' is not a bar length; a bar is 1s, 5s, 15s, 30s, 1m, 5m, 15m, 1h or 1d"],
    ['-5s', "'-5s' is not a bar length; a bar is 1s, 5s, 15s, 30s, 1m, 5m, 15m, 1h or 1d"],
    ['1.5s', "'1.5s' is not a whole number of seconds; a bar is 1s, 5s, 15s, 30s, 1m, 5m, 15m, 1h or 1d"],
    ['1.5m', "'1.5m' is not a whole number of its unit; write 90s"],
    ['25h', "'25h' is longer than a day; the longest bar is 1d"],
    ['2d', "'2d' is not a bar length; the longest bar is 1d"],
    ['500ms', "'500ms' is in milliseconds; a bar is in s, m or h, or 1d"],
    ['5', "'5' needs a unit: write 5s, or 1d"],
    ['fast', "'fast' is not a bar; write seconds, minutes or hours like 30s, 2m or 1h, or 1d"],
  ])('refuses %s in one line', (text, problem) => {
    expect(problemOf(text)).toBe(problem);
  });
});

describe('barStart', () => {
  const fiveSeconds = timeframe('5s');

  it('aligns a bar to whole multiples of its length since midnight UTC', () => {
    const midnight = Date.UTC(2026, 0, 5);
    expect(barStart(fiveSeconds, midnight)).toBe(midnight);
    expect(barStart(fiveSeconds, midnight + 4_999)).toBe(midnight);
    expect(barStart(fiveSeconds, midnight + 5_000)).toBe(midnight + 5_000);
    expect(barStart(timeframe('1m'), Date.UTC(2026, 0, 5, 14, 31, 59, 999))).toBe(Date.UTC(2026, 0, 5, 14, 31));
    expect(barStart(timeframe('15m'), Date.UTC(2026, 0, 5, 14, 44, 10))).toBe(Date.UTC(2026, 0, 5, 14, 30));
  });

  it('starts a day bar at midnight UTC', () => {
    expect(barStart(timeframe('1d'), Date.UTC(2026, 0, 5, 20, 59, 59))).toBe(Date.UTC(2026, 0, 5));
  });

  it('puts the same boundaries in every day, whatever the bar length', () => {
    for (const label of ['45s', '90s', '8m', '3h']) {
      for (const day of [Date.UTC(2026, 0, 5), Date.UTC(2026, 6, 17)]) expect(barStart(timeframe(label), day)).toBe(day);
    }
  });
});
