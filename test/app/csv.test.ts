import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, neutraliseFormula } from '../../src/app/csv.js';

describe('csvField', () => {
  it('leaves plain text alone and quotes text holding a comma, a quote or a line break, doubling quotes', () => {
    expect(csvField('AAPL')).toBe('AAPL');
    expect(csvField('')).toBe('');
    expect(csvField("it's")).toBe("it's");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "no"')).toBe('"say ""no"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
  });
});

describe('csvRecord', () => {
  it('joins fields with commas and ends the record with CRLF', () => {
    expect(csvRecord(['1', 'a,b', '', '-5'])).toBe('1,"a,b",,-5\r\n');
  });
});

describe('neutraliseFormula', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
  ])('makes %j text', (text, safe) => {
    expect(neutraliseFormula(text)).toBe(safe);
  });

  it.each(['AAPL', 'a=b', 'rejected: -5 shares', "'quoted", ''])('leaves %j as it is', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});
