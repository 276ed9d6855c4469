import { describe, expect, it } from 'vitest';
import { expandSweepGrid, MAX_SWEEP_CELLS, parseSweepTerm, varyingAxes } from '../../src/backtest/sweep-grid.js';

describe('parseSweepTerm', () => {
  it.each([
    ['fast=5..8', 'fast', ['5', '6', '7', '8']],
    ['slow=20..60:10', 'slow', ['20', '30', '40', '50', '60']],
    ['slow=20..45:10', 'slow', ['20', '30', '40']],
    ['width=1.5..2.5:0.25', 'width', ['1.5', '1.75', '2', '2.25', '2.5']],
    ['k=0.1..0.3:0.1', 'k', ['0.1', '0.2', '0.3']],
    ['mode=long,reverse', 'mode', ['long', 'reverse']],
    ['Fast=2,5..7, 10', 'fast', ['2', '5', '6', '7', '10']],
    ['size=all', 'size', ['all']],
    ['offset=-2..1', 'offset', ['-2', '-1', '0', '1']],
  ])('reads %s', (text, name, values) => {
    expect(parseSweepTerm(text)).toEqual({ name, values });
  });

  it.each([
    ['fast', "'fast' is not a sweep of a parameter; write name=values, e.g. fast=5..20, slow=20..60:5 or mode=long,reverse"],
    ['=5..20', "'=5..20' is not a sweep of a parameter; write name=values, e.g. fast=5..20, slow=20..60:5 or mode=long,reverse"],
    ['fast=20..5', 'fast=20..5 runs backwards; give the smaller end first, e.g. fast=5..20'],
    ['fast=5..20:0', 'fast=5..20:0: the step must be above 0, e.g. fast=5..20:1'],
    ['fast=5..20:-1', 'fast=5..20:-1: the step must be above 0, e.g. fast=5..20:1'],
    ['mode=long,,reverse', 'mode=long,,reverse: an empty value; give values separated by single commas, e.g. mode=x,y,z'],
    ['fast=', 'fast=: an empty value; give values separated by single commas, e.g. fast=x,y,z'],
    ['fast=5..10,8', 'fast=5..10,8: fast=8 comes twice; give each value once'],
    ['fast=1..1000000', `fast=1..1000000 gives 1,000,000 values; at most ${MAX_SWEEP_CELLS.toLocaleString('en-US')}, so take a larger step`],
  ])('refuses %s in one line', (text, message) => {
    expect(() => parseSweepTerm(text)).toThrow(message);
    expect(message).not.toContain('\n');
  });
});

describe('expandSweepGrid', () => {
  it('gives every combination, the first parameter varying slowest', () => {
    expect(expandSweepGrid([parseSweepTerm('fast=5,10'), parseSweepTerm('slow=20..40:10'), parseSweepTerm('mode=reverse')])).toEqual([
      { fast: '5', slow: '20', mode: 'reverse' },
      { fast: '5', slow: '30', mode: 'reverse' },
      { fast: '5', slow: '40', mode: 'reverse' },
      { fast: '10', slow: '20', mode: 'reverse' },
      { fast: '10', slow: '30', mode: 'reverse' },
      { fast: '10', slow: '40', mode: 'reverse' },
    ]);
  });

  it('refuses a parameter swept twice, and a grid too large to be meant', () => {
    expect(() => expandSweepGrid([parseSweepTerm('fast=5..10'), parseSweepTerm('FAST=20')])).toThrow('fast is swept twice; give all of its values in one term, e.g. fast=5,10,20');
    expect(() => expandSweepGrid([parseSweepTerm('fast=1..1000'), parseSweepTerm('slow=1..101')])).toThrow(
      'the grid has 101,000 parameter sets (1000 × 101); at most 100,000, so narrow a range or take a larger step',
    );
  });

  it('names the parameters that vary', () => {
    expect(varyingAxes([parseSweepTerm('fast=5,10'), parseSweepTerm('mode=reverse'), parseSweepTerm('slow=20,30')]).map((axis) => axis.name)).toEqual(['fast', 'slow']);
  });
});
