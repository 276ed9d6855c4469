import { describe, expect, it } from 'vitest';
import { errorOf, intentOf } from './helpers.js';

describe('parse: cancel', () => {
  it('reads a row number', () => {
    expect(intentOf('cancel #12')).toEqual({ kind: 'cancel', target: { kind: 'order', ref: { kind: 'seq', seq: 12 } } });
  });

  it('reads an id prefix after # or as a client order id, normalised to the full id form', () => {
    const expected = { kind: 'cancel', target: { kind: 'order', ref: { kind: 'id', prefix: 'blt-01JX4' } } };
    expect(intentOf('cancel #01JX4')).toEqual(expected);
    expect(intentOf('cancel #01jx4')).toEqual(expected);
    expect(intentOf('cancel blt-01JX4')).toEqual(expected);
    expect(intentOf('CANCEL BLT-01jx4')).toEqual(expected);
    expect(intentOf('cancel blt-01JX4ABCDEFGHJKMNPQRSTVW')).toEqual({
      kind: 'cancel',
      target: { kind: 'order', ref: { kind: 'id', prefix: 'blt-01JX4ABCDEFGHJKMNPQRSTVW' } },
    });
  });

  it('reads a symbol and all', () => {
    expect(intentOf('cancel aapl')).toEqual({ kind: 'cancel', target: { kind: 'symbol', symbol: 'AAPL' } });
    expect(intentOf('cancel ALL')).toEqual({ kind: 'cancel', target: { kind: 'all' } });
  });

  it.each([
    ['cancel', 'cancel what? name an order, a symbol or all, e.g. cancel #12, cancel AAPL or cancel all'],
    ['cancel #x', "'#x' is not an order: use its row number like #12 or the start of its id like #01JX4, e.g. cancel #12"],
    ['cancel #', "'#' is not an order: use its row number like #12 or the start of its id like #01JX4, e.g. cancel #12"],
    ['cancel #0', "'#0' is not an order: use its row number like #12 or the start of its id like #01JX4, e.g. cancel #12"],
    ['cancel blt-', "'blt-' is not an order: use its row number like #12 or the start of its id like #01JX4, e.g. cancel #12"],
    ['cancel blt-01IL', "'blt-01IL' is not an order: use its row number like #12 or the start of its id like #01JX4, e.g. cancel #12"],
    ['cancel 12', 'row numbers start with #, e.g. cancel #12'],
    ['cancel 1x', "'1x' is not an order, a symbol or all, e.g. cancel #12, cancel AAPL or cancel all"],
    ['cancel #12 #13', "cancel takes one order, symbol or all; remove '#13', e.g. cancel #12, cancel AAPL or cancel all"],
  ])('%s', (text, error) => {
    expect(errorOf(text)).toBe(error);
  });
});

describe('parse: replace', () => {
  it('reads a new limit price, a new quantity, a new stop, or several at once', () => {
    const ref = { kind: 'seq', seq: 12 };
    expect(intentOf('replace #12 @ 186.5')).toEqual({ kind: 'replace', ref, limitPrice: '186.5' });
    expect(intentOf('replace #12 qty 20')).toEqual({ kind: 'replace', ref, qty: '20' });
    expect(intentOf('REPLACE #12 QTY 20 @186.5 stop 185')).toEqual({
      kind: 'replace',
      ref,
      qty: '20',
      limitPrice: '186.5',
      stopPrice: '185',
    });
    expect(intentOf('replace #01JX4 @ 1')).toEqual({
      kind: 'replace',
      ref: { kind: 'id', prefix: 'blt-01JX4' },
      limitPrice: '1',
    });
  });

  it.each([
    ['replace #3', 'nothing to change for #3; give a new price or quantity, e.g. replace #3 @ 186.5 or replace #3 qty 20'],
    ['replace', 'replace what? name an order and the change, e.g. replace #12 @ 186.5 or replace #12 qty 20'],
    ['replace AAPL @ 5', "replace needs an order, not 'AAPL', e.g. replace #12 @ 186.5"],
    ['replace #x @ 5', "'#x' is not an order: use its row number like #12 or the start of its id like #01JX4, e.g. replace #12"],
    ['replace #12 qty', 'missing quantity after qty, e.g. replace #12 qty 20'],
    ['replace #12 qty -1', 'quantity must be a positive number, e.g. replace #12 qty 20'],
    ['replace #12 @ 1.23456', 'price 1.23456 is off the tick: prices go in steps of 0.01 at or above $1, e.g. 1.23 or 1.24'],
    ['replace #12 stop 186.505', 'stop price 186.505 is off the tick: prices go in steps of 0.01 at or above $1, e.g. 186.50 or 186.51'],
    ['replace #12 @ 1 @ 2', 'price given twice; keep one, e.g. replace #12 @ 186.5'],
    ['replace #12 186.5', "'186.5' needs @ or qty before it; replace takes @ PRICE, qty QTY or stop PRICE, e.g. replace #12 @ 186.5"],
    ['replace #12 gtc', "unknown word 'gtc'; replace takes @ PRICE, qty QTY or stop PRICE, e.g. replace #12 @ 186.5"],
    [
      'replace #12 constructor 5',
      "unknown word 'constructor'; replace takes @ PRICE, qty QTY or stop PRICE, e.g. replace #12 @ 186.5",
    ],
  ])('%s', (text, error) => {
    expect(errorOf(text)).toBe(error);
  });
});

describe('parse: flatten, watch, help, quit', () => {
  it('reads flatten of a symbol or all', () => {
    expect(intentOf('flatten aapl')).toEqual({ kind: 'flatten', target: { kind: 'symbol', symbol: 'AAPL' } });
    expect(intentOf('Flatten All')).toEqual({ kind: 'flatten', target: { kind: 'all' } });
  });

  it('reads watch and unwatch lists, dropping repeats', () => {
    expect(intentOf('watch nvda TSLA nvda')).toEqual({ kind: 'watch', symbols: ['NVDA', 'TSLA'] });
    expect(intentOf('UNWATCH tsla')).toEqual({ kind: 'unwatch', symbols: ['TSLA'] });
  });

  it('reads help, ? and quit, exit', () => {
    expect(intentOf('help')).toEqual({ kind: 'help' });
    expect(intentOf(' ? ')).toEqual({ kind: 'help' });
    expect(intentOf('QUIT')).toEqual({ kind: 'quit' });
    expect(intentOf('exit')).toEqual({ kind: 'quit' });
  });

  it.each([
    ['flatten', 'flatten what? name a symbol or all, e.g. flatten AAPL or flatten all'],
    ['flatten AAPL MSFT', "flatten takes one symbol or all; remove 'MSFT', e.g. flatten AAPL or flatten all"],
    ['flatten #12', 'flatten closes positions, not orders; name a symbol, e.g. flatten AAPL or flatten all'],
    ['flatten 12', "'12' is not a symbol, e.g. flatten AAPL or flatten all"],
    ['watch', 'watch which symbols? e.g. watch NVDA TSLA'],
    ['unwatch TSLA 9', "'9' is not a symbol; use 1–5 letters like NVDA or BRK.B, e.g. unwatch NVDA TSLA"],
    ['quit now', "quit takes nothing after it; remove 'now'"],
    ['help buy', "help takes nothing after it; remove 'buy'"],
  ])('%s', (text, error) => {
    expect(errorOf(text)).toBe(error);
  });
});

describe('parse: halt, resume, metrics', () => {
  it('reads halt with no reason, leaving reason out', () => {
    expect(intentOf('halt')).toStrictEqual({ kind: 'halt' });
    expect(intentOf('  HALT  ')).toStrictEqual({ kind: 'halt' });
  });

  it('reads everything after halt as the reason, as typed, spaces collapsed', () => {
    expect(intentOf('halt news pending')).toEqual({ kind: 'halt', reason: 'news pending' });
    expect(intentOf('Halt   FOMC\tat 2pm, #12 stuck ')).toEqual({ kind: 'halt', reason: 'FOMC at 2pm, #12 stuck' });
    expect(intentOf('halt fed@2pm')).toEqual({ kind: 'halt', reason: 'fed @ 2pm' });
    expect(intentOf('halt resume')).toEqual({ kind: 'halt', reason: 'resume' });
    expect(intentOf(`halt ${'x'.repeat(200)}`)).toEqual({ kind: 'halt', reason: 'x'.repeat(200) });
    expect(intentOf(`halt ${'é'.repeat(200)}`)).toEqual({ kind: 'halt', reason: 'é'.repeat(200) });
  });

  it('reads resume and metrics', () => {
    expect(intentOf('resume')).toEqual({ kind: 'resume' });
    expect(intentOf('RESUME')).toEqual({ kind: 'resume' });
    expect(intentOf('Metrics')).toEqual({ kind: 'metrics' });
  });

  it.each([
    [`halt ${'x'.repeat(201)}`, 'halt reason is 201 characters; keep it to 200, e.g. halt news pending'],
    ['halt news\u001b[31m', 'halt reason has a control character; write plain text, e.g. halt news pending'],
    ['halt a\u0000b', 'halt reason has a control character; write plain text, e.g. halt news pending'],
    ['resume now', "resume takes nothing after it; remove 'now'"],
    ['metrics json', "metrics takes nothing after it; remove 'json'"],
  ])('%j', (text, error) => {
    expect(errorOf(text)).toBe(error);
  });
});

describe('parse: what it does not read', () => {
  it('asks for a command on empty input', () => {
    expect(errorOf('')).toBe('type a command, e.g. buy 10 AAPL, or ? for help');
    expect(errorOf('   \t ')).toBe('type a command, e.g. buy 10 AAPL, or ? for help');
  });

  it('lists the commands for an unknown verb', () => {
    expect(errorOf('purchase 10 AAPL')).toBe(
      "unknown command 'purchase'; commands are buy, sell, cancel, replace, flatten, halt, resume, watch, unwatch, strategy, strategies, backtest, metrics, help, quit, e.g. buy 10 AAPL",
    );
  });
});
