import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RISK_LIMITS,
  checkOrder,
  isRiskReducing,
  type RiskContext,
  type RiskLimits,
  type RiskVerdict,
} from '../../src/core/risk-gate.js';
import { ZERO, dec } from '../../src/domain/decimal.js';
import type { OrderSpec } from '../../src/domain/order-types.js';

const NOW = 1_000_000;

function order(fields: Partial<OrderSpec> = {}): OrderSpec {
  return { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: dec(10), ...fields };
}

function context(fields: Partial<RiskContext> = {}): RiskContext {
  return {
    quote: { bid: dec('99.90'), ask: dec('100.10'), last: dec('100.00') },
    positionQty: ZERO,
    tradingState: 'active',
    recentIntents: [],
    now: NOW,
    ...fields,
  };
}

/** Only the rule under test can refuse: the others are set out of reach. */
function limits(fields: Partial<RiskLimits> = {}): RiskLimits {
  return {
    maxOrderNotional: dec('1000000000000'),
    maxPositionQty: dec('1000000000000'),
    maxPriceDeviation: dec('0.10'),
    duplicateWindowMs: 3000,
    ...fields,
  };
}

function refusal(verdict: RiskVerdict): string {
  if (verdict.ok) throw new Error('expected a refusal, the order was allowed');
  expect(verdict.reason).not.toMatch(/[\r\n]/);
  return verdict.reason;
}

const ALLOWED = { ok: true };

describe('DEFAULT_RISK_LIMITS', () => {
  it('holds the documented defaults', () => {
    expect(DEFAULT_RISK_LIMITS.maxOrderNotional.eq(250_000)).toBe(true);
    expect(DEFAULT_RISK_LIMITS.maxPositionQty.eq(10_000)).toBe(true);
    expect(DEFAULT_RISK_LIMITS.maxPriceDeviation.eq('0.1')).toBe(true);
    expect(DEFAULT_RISK_LIMITS.duplicateWindowMs).toBe(3000);
  });

  it('are what checkOrder uses when given none', () => {
    expect(checkOrder(order({ qty: dec(2497) }), context())).toEqual(ALLOWED);
    expect(refusal(checkOrder(order({ qty: dec(2498) }), context()))).toContain('max order notional $250,000.00');
  });
});

describe('isRiskReducing', () => {
  it.each([
    ['sell all of a long', order({ side: 'sell', qty: dec(10) }), '10', true],
    ['sell part of a long', order({ side: 'sell', qty: dec('2.5') }), '10', true],
    ['sell more than held (flips short)', order({ side: 'sell', qty: dec(11) }), '10', false],
    ['buy to a long', order({ side: 'buy', qty: dec(1) }), '10', false],
    ['cover all of a short', order({ side: 'buy', qty: dec(10) }), '-10', true],
    ['cover more than short (flips long)', order({ side: 'buy', qty: dec(11) }), '-10', false],
    ['sell from flat (opens a short)', order({ side: 'sell', qty: dec(1) }), '0', false],
    ['a $ amount, whatever its size', order({ side: 'sell', qty: undefined, notional: dec(1) }), '10', false],
    ['a zero quantity', order({ side: 'sell', qty: ZERO }), '10', false],
  ])('%s → %s', (_name, spec, position, expected) => {
    expect(isRiskReducing(spec, dec(position))).toBe(expected);
  });
});

describe('trading state', () => {
  const halted = context({ tradingState: 'halted', haltReason: '5 submit failures in a row', positionQty: dec(10) });

  it('refuses a new order while halted, naming the reason and how to resume', () => {
    expect(refusal(checkOrder(order(), halted, limits()))).toBe(
      'trading is halted: 5 submit failures in a row — resume to allow new orders (cancels and closes still go through)',
    );
  });

  it('refuses without a reason given, and keeps a multi-line reason on one line', () => {
    expect(refusal(checkOrder(order(), context({ tradingState: 'halted' }), limits()))).toMatch(
      /^trading is halted — resume to allow new orders/,
    );
    const multiline = context({ tradingState: 'halted', haltReason: 'broker said:\n  503 Service\r\nUnavailable' });
    expect(refusal(checkOrder(order(), multiline, limits()))).toContain('broker said: 503 Service Unavailable —');
  });

  it('lets a close through while halted, but not a sale that flips the position', () => {
    expect(checkOrder(order({ side: 'sell', qty: dec(10) }), halted, limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(order({ side: 'sell', qty: dec(11) }), halted, limits()))).toContain('trading is halted');
  });

  it('still checks a close while halted for sanity and double submits', () => {
    const close = order({ side: 'sell', qty: dec(10), type: 'limit', limitPrice: dec(50) });
    expect(refusal(checkOrder(close, halted, limits()))).toContain('limit 50.00 is 50.0% below last');
    const sent = context({ ...halted, recentIntents: [{ spec: order({ side: 'sell' }), at: NOW - 100, seq: 4, source: 'manual' }] });
    expect(refusal(checkOrder(order({ side: 'sell' }), sent, limits()))).toContain('same as #4');
  });
});

describe('quantity', () => {
  it('allows any positive quantity, and a $ amount from the broker minimum of $1', () => {
    expect(checkOrder(order({ qty: dec('0.001') }), context(), limits())).toEqual(ALLOWED);
    expect(checkOrder(order({ qty: undefined, notional: dec('1.00') }), context(), limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(order({ qty: undefined, notional: dec('0.99') }), context(), limits()))).toBe(
      "$ amount $0.99 is under the broker's minimum of $1.00",
    );
    expect(refusal(checkOrder(order({ side: 'sell', qty: undefined, notional: dec('0.99') }), context({ positionQty: dec(5) }), limits()))).toContain(
      'under the broker',
    );
  });

  it('holds a quantity to 9 decimal places and a $ amount to cents, as the broker does', () => {
    expect(checkOrder(order({ qty: dec('0.123456789') }), context(), limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(order({ qty: dec('0.1234567891') }), context(), limits()))).toBe(
      'quantity 0.1234567891 has more than 9 decimal places; the broker takes at most 9',
    );
    expect(checkOrder(order({ qty: undefined, notional: dec('10.25') }), context(), limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(order({ qty: undefined, notional: dec('10.255') }), context(), limits()))).toBe(
      '$ amount $10.255 is not in whole cents; give at most 2 decimal places',
    );
  });

  it('refuses zero or negative, naming the figure', () => {
    expect(refusal(checkOrder(order({ qty: ZERO }), context(), limits()))).toBe('quantity must be positive (got 0)');
    expect(refusal(checkOrder(order({ qty: dec(-5) }), context(), limits()))).toBe('quantity must be positive (got -5)');
    expect(refusal(checkOrder(order({ qty: undefined, notional: ZERO }), context(), limits()))).toBe(
      '$ amount must be positive (got $0.00)',
    );
  });

  it('refuses both or neither of a quantity and a $ amount', () => {
    expect(refusal(checkOrder(order({ notional: dec(100) }), context(), limits()))).toBe(
      'give a quantity or a $ amount, not both',
    );
    expect(refusal(checkOrder(order({ qty: undefined }), context(), limits()))).toBe(
      'the order needs a quantity or a $ amount',
    );
  });
});

describe('prices', () => {
  const limit = (price: string, side: OrderSpec['side'] = 'buy'): OrderSpec =>
    order({ type: 'limit', side, limitPrice: dec(price) });

  it('refuses a missing or non-positive price for the order type', () => {
    expect(refusal(checkOrder(order({ type: 'limit' }), context(), limits()))).toBe('a limit order needs a limit price');
    expect(refusal(checkOrder(order({ type: 'stop' }), context(), limits()))).toBe('a stop order needs a stop price');
    expect(refusal(checkOrder(order({ type: 'stop_limit', stopPrice: dec(100) }), context(), limits()))).toBe(
      'a stop-limit order needs a stop and a limit price',
    );
    expect(refusal(checkOrder(limit('0'), context(), limits()))).toBe('limit price must be positive (got 0.00)');
    expect(refusal(checkOrder(order({ type: 'stop', stopPrice: dec('-1.5') }), context(), limits()))).toBe(
      'stop price must be positive (got -1.50)',
    );
  });

  it('allows a marketable limit or stop exactly 10% through last and refuses one a cent further', () => {
    expect(checkOrder(limit('110.00'), context(), limits())).toEqual(ALLOWED);
    expect(checkOrder(limit('90.00', 'sell'), context(), limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(limit('110.01'), context(), limits()))).toBe(
      'buy limit 110.01 is 10.1% above last 100.00 and would trade at once — refused as a likely typo (at most 110.00, within 10%)',
    );
    expect(refusal(checkOrder(limit('89.99', 'sell'), context(), limits()))).toContain('sell limit 89.99 is 10.1% below last 100.00');
    expect(checkOrder(order({ type: 'stop', stopPrice: dec('90.01') }), context(), limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(order({ type: 'stop', stopPrice: dec('89.98') }), context(), limits()))).toContain(
      'buy stop 89.98 is 10.1% below last 100.00 and would trigger at once',
    );
  });

  it('lets a resting order sit as far from the market as the trader likes', () => {
    expect(checkOrder(limit('300', 'sell'), context(), limits())).toEqual(ALLOWED);
    expect(checkOrder(limit('5'), context(), limits())).toEqual(ALLOWED);
    expect(checkOrder(order({ type: 'stop', stopPrice: dec('300') }), context(), limits())).toEqual(ALLOWED);
    expect(checkOrder(order({ type: 'stop', side: 'sell', stopPrice: dec('5') }), context(), limits())).toEqual(ALLOWED);
  });

  it('names a bound that holds only passing prices', () => {
    const reason = refusal(checkOrder(limit('300'), context({ quote: { bid: dec(0), ask: dec(0), last: dec('187.45') } }), limits()));
    // 187.45 × 1.1 = 206.195: rounded toward last, not to the nearest cent.
    expect(reason).toContain('(at most 206.19, within 10%)');
    const sell = refusal(checkOrder(limit('100', 'sell'), context({ quote: { bid: dec(0), ask: dec(0), last: dec('187.45') } }), limits()));
    expect(sell).toContain('(at least 168.71, within 10%)');
  });

  it('follows a configured deviation', () => {
    const tight = limits({ maxPriceDeviation: dec('0.025') });
    expect(checkOrder(limit('102.50'), context(), tight)).toEqual(ALLOWED);
    expect(refusal(checkOrder(limit('102.51'), context(), tight))).toContain('within 2.5%');
  });

  it('before the first trade, judges against the quote: its midpoint, else the side it has', () => {
    const untraded = (bid: string, ask: string): RiskContext => context({ quote: { bid: dec(bid), ask: dec(ask), last: ZERO } });
    expect(checkOrder(limit('110.00'), untraded('99.90', '100.10'), limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(limit('110.01'), untraded('99.90', '100.10'), limits()))).toContain(
      'buy limit 110.01 is 10.1% above mid 100.00 and would trade at once',
    );
    expect(refusal(checkOrder(limit('500'), untraded('0', '100.00'), limits()))).toContain('above ask 100.00');
  });

  it('wants a buy stop-limit limit at or above its stop, a sell one at or below', () => {
    const stopLimit = (side: OrderSpec['side'], stop: string, limitPrice: string): OrderSpec =>
      order({ type: 'stop_limit', side, stopPrice: dec(stop), limitPrice: dec(limitPrice) });
    expect(checkOrder(stopLimit('buy', '105', '105'), context(), limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(stopLimit('buy', '105', '104.99'), context(), limits()))).toBe(
      'a buy stop-limit needs limit ≥ stop (limit 104.99, stop 105.00)',
    );
    expect(checkOrder(stopLimit('sell', '95', '95'), context(), limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(stopLimit('sell', '95', '95.01'), context(), limits()))).toBe(
      'a sell stop-limit needs limit ≤ stop (limit 95.01, stop 95.00)',
    );
  });

  it('wants one positive trail, a percent below 100', () => {
    const trail = (fields: Partial<OrderSpec>): OrderSpec => order({ type: 'trailing_stop', side: 'sell', ...fields });
    expect(checkOrder(trail({ trailPercent: dec('99.9') }), context(), limits())).toEqual(ALLOWED);
    expect(checkOrder(trail({ trailPrice: dec('0.01') }), context(), limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(trail({ trailPercent: dec(100) }), context(), limits()))).toBe(
      'trail percent must be above 0 and below 100 (got 100%)',
    );
    expect(refusal(checkOrder(trail({ trailPercent: ZERO }), context(), limits()))).toContain('(got 0%)');
    expect(refusal(checkOrder(trail({ trailPrice: ZERO }), context(), limits()))).toBe('trail must be positive (got 0.00)');
    expect(refusal(checkOrder(trail({}), context(), limits()))).toBe('a trailing stop needs a trail percent or price');
    expect(refusal(checkOrder(trail({ trailPercent: dec(1), trailPrice: dec(1) }), context(), limits()))).toBe(
      'give a trail percent or a trail price, not both',
    );
  });
});

describe('max order notional', () => {
  const cap = limits({ maxOrderNotional: dec(250_000) });

  it('prices a limit order at its limit', () => {
    const at = (qty: number): OrderSpec => order({ type: 'limit', qty: dec(qty), limitPrice: dec(100) });
    expect(checkOrder(at(2500), context(), cap)).toEqual(ALLOWED);
    expect(refusal(checkOrder(at(2501), context(), cap))).toBe(
      'order ≈ $250,100.00 (2,501 × 100.00) is over the max order notional $250,000.00 — at most 2,500 shares at 100.00',
    );
  });

  it('prices a market buy at the ask and a market sell at the bid', () => {
    // 2,497 × 100.10 = 249,949.70; 2,498 × 100.10 = 250,049.80
    expect(checkOrder(order({ qty: dec(2497) }), context(), cap)).toEqual(ALLOWED);
    expect(refusal(checkOrder(order({ qty: dec(2498) }), context(), cap))).toContain('≈ $250,049.80 (2,498 × 100.10)');
    // 2,502 × 99.90 = 249,949.80; 2,503 × 99.90 = 250,049.70
    expect(checkOrder(order({ side: 'sell', qty: dec(2502) }), context(), cap)).toEqual(ALLOWED);
    expect(refusal(checkOrder(order({ side: 'sell', qty: dec(2503) }), context(), cap))).toContain('(2,503 × 99.90)');
  });

  it('prices a stop order at its stop', () => {
    const stop = (qty: number): OrderSpec => order({ type: 'stop', qty: dec(qty), stopPrice: dec(105) });
    // 2,380 × 105 = 249,900; 2,381 × 105 = 250,005
    expect(checkOrder(stop(2380), context(), cap)).toEqual(ALLOWED);
    expect(refusal(checkOrder(stop(2381), context(), cap))).toContain('at most 2,380 shares at 105.00');
  });

  it('takes a $ amount as it is', () => {
    const amount = (value: string): OrderSpec => order({ qty: undefined, notional: dec(value) });
    expect(checkOrder(amount('250000'), context(), cap)).toEqual(ALLOWED);
    expect(refusal(checkOrder(amount('250000.01'), context(), cap))).toBe(
      'order $250,000.01 is over the max order notional $250,000.00 — at most $250,000.00',
    );
  });

  it('falls back to the last trade', () => {
    const noSides = context({ quote: { bid: ZERO, ask: ZERO, last: dec(200) } });
    expect(refusal(checkOrder(order({ qty: dec(1251) }), noSides, cap))).toContain('(1,251 × 200.00)');
  });

  it('lets a close of any size through', () => {
    const long = context({ positionQty: dec(5000) });
    expect(checkOrder(order({ side: 'sell', qty: dec(5000) }), long, cap)).toEqual(ALLOWED);
  });
});

describe('no quote', () => {
  const unquoted = (fields: Partial<RiskContext> = {}): RiskContext => context({ quote: undefined, ...fields });

  it('refuses any order that adds exposure, market or limit, saying why and what to do', () => {
    expect(refusal(checkOrder(order(), unquoted(), limits()))).toBe(
      'no quote for AAPL (the broker has none), so its price and size cannot be checked — nothing was sent; try again in a moment',
    );
    expect(refusal(checkOrder(order({ type: 'limit', limitPrice: dec(1000) }), unquoted(), limits()))).toContain('no quote for AAPL');
    expect(refusal(checkOrder(order({ qty: undefined, notional: dec(500) }), unquoted(), limits()))).toContain('no quote for AAPL');
    expect(refusal(checkOrder(order(), context({ quote: { bid: ZERO, ask: ZERO, last: ZERO } }), limits()))).toContain('no quote for AAPL');
  });

  it('names the failed quote request when that is why', () => {
    expect(refusal(checkOrder(order(), unquoted({ quoteFailure: 'quotes: 503 service unavailable' }), limits()))).toBe(
      'no quote for AAPL (the quote request failed: quotes: 503 service unavailable), so its price and size cannot be checked — nothing was sent; try again in a moment',
    );
  });

  it('still lets a close through: closing must always be possible', () => {
    expect(checkOrder(order({ side: 'sell', qty: dec(10) }), unquoted({ positionQty: dec(10) }), limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(order({ side: 'sell', qty: dec(11) }), unquoted({ positionQty: dec(10) }), limits()))).toContain('no quote');
  });

  it('comes after the halt, so a halted trader reads why trading is halted', () => {
    expect(refusal(checkOrder(order(), unquoted({ tradingState: 'halted', haltReason: 'lunch' }), limits()))).toMatch(/^trading is halted: lunch/);
  });
});

describe('fractional shares and $ amounts', () => {
  const fraction = (fields: Partial<OrderSpec> = {}): OrderSpec => order({ qty: dec('0.5'), ...fields });
  const dollars = (fields: Partial<OrderSpec> = {}): OrderSpec => order({ qty: undefined, notional: dec(500), ...fields });

  it('allows them as simple day orders: shares at market or a limit, dollars at market', () => {
    expect(checkOrder(fraction(), context(), limits())).toEqual(ALLOWED);
    expect(checkOrder(fraction({ type: 'limit', limitPrice: dec(100) }), context(), limits())).toEqual(ALLOWED);
    expect(checkOrder(dollars(), context(), limits())).toEqual(ALLOWED);
    expect(checkOrder(order({ type: 'stop', stopPrice: dec(101), timeInForce: 'gtc' }), context({ hasProtection: true }), limits())).toEqual(
      ALLOWED,
    );
  });

  it('refuses other order types', () => {
    expect(refusal(checkOrder(fraction({ type: 'stop', stopPrice: dec(101) }), context(), limits()))).toBe(
      'fractional shares (0.5) can only be a market or limit order, not stop; use whole shares',
    );
    expect(refusal(checkOrder(dollars({ type: 'limit', limitPrice: dec(100) }), context(), limits()))).toBe(
      'a $ amount can only be a market order, not limit; use whole shares',
    );
  });

  it('refuses any time in force but day', () => {
    expect(refusal(checkOrder(fraction({ timeInForce: 'gtc' }), context(), limits()))).toBe(
      'fractional shares (0.5) can only be a day order, not gtc',
    );
    expect(refusal(checkOrder(dollars({ timeInForce: 'ioc' }), context(), limits()))).toBe('a $ amount can only be a day order, not ioc');
  });

  it('refuses take-profit and stop-loss orders with them', () => {
    expect(refusal(checkOrder(fraction(), context({ hasProtection: true }), limits()))).toBe(
      'fractional shares (0.5) cannot have take-profit or stop-loss orders (they are GTC); use whole shares',
    );
    expect(refusal(checkOrder(dollars(), context({ hasProtection: true }), limits()))).toContain('a $ amount cannot have take-profit');
  });
});

describe('max position', () => {
  const cap = limits({ maxPositionQty: dec(10_000) });

  it('allows a buy up to the max and refuses one share more, saying how many fit', () => {
    const long = context({ positionQty: dec(9990) });
    expect(checkOrder(order({ qty: dec(10) }), long, cap)).toEqual(ALLOWED);
    expect(refusal(checkOrder(order({ qty: dec(11) }), long, cap))).toBe(
      'would take AAPL to +10,001 shares, over the max position 10,000 — at most 10 shares to buy',
    );
  });

  it('holds a short to the same absolute limit', () => {
    const short = context({ positionQty: dec(-9990) });
    expect(checkOrder(order({ side: 'sell', qty: dec(10) }), short, cap)).toEqual(ALLOWED);
    expect(refusal(checkOrder(order({ side: 'sell', qty: dec(11) }), short, cap))).toBe(
      'would take AAPL to -10,001 shares, over the max position 10,000 — at most 10 shares to sell',
    );
  });

  it('counts a flip through flat from the current position', () => {
    const long = context({ positionQty: dec(5000) });
    expect(checkOrder(order({ side: 'sell', qty: dec(15_000) }), long, cap)).toEqual(ALLOWED);
    expect(refusal(checkOrder(order({ side: 'sell', qty: dec(15_001) }), long, cap))).toContain('at most 15,000 shares to sell');
  });

  it('always allows a reducing order, even over the max, and says only those are allowed', () => {
    const over = context({ positionQty: dec(12_000) });
    expect(checkOrder(order({ side: 'sell', qty: dec(100) }), over, cap)).toEqual(ALLOWED);
    expect(refusal(checkOrder(order({ qty: dec(1) }), over, cap))).toBe(
      'AAPL position is already +12,000 (max 10,000) — only orders that reduce it are allowed',
    );
  });

  it('estimates the shares of a $ amount at the quote', () => {
    const quoted = context({ quote: { bid: dec(99), ask: dec(100), last: dec(100) }, positionQty: dec(9990) });
    const amount = (value: string): OrderSpec => order({ qty: undefined, notional: dec(value) });
    expect(checkOrder(amount('1000'), quoted, cap)).toEqual(ALLOWED);
    expect(refusal(checkOrder(amount('1000.01'), quoted, cap))).toBe(
      'would take AAPL to ≈ +10,000.01 shares, over the max position 10,000 — at most $1,000.00 to buy',
    );
  });
});

describe('buying power', () => {
  const funded = (buyingPower: string, positionQty = '0'): RiskContext =>
    context({ buyingPower: dec(buyingPower), positionQty: dec(positionQty) });
  const limitAt100 = (side: OrderSpec['side'], qty: number): OrderSpec =>
    order({ type: 'limit', side, qty: dec(qty), limitPrice: dec(100) });

  it('allows a buy costing exactly the buying power and refuses one share more', () => {
    expect(checkOrder(limitAt100('buy', 100), funded('10000'), limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(limitAt100('buy', 101), funded('10000'), limits()))).toBe(
      'needs ≈ $10,100.00 of buying power, $10,000.00 available — at most 100 shares at 100.00',
    );
  });

  it('holds a short sale to the buying power', () => {
    expect(checkOrder(limitAt100('sell', 100), funded('10000'), limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(limitAt100('sell', 101), funded('10000'), limits()))).toContain('needs ≈ $10,100.00');
  });

  it('charges a flip only for the part past flat', () => {
    expect(checkOrder(limitAt100('sell', 150), funded('10000', '50'), limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(limitAt100('sell', 151), funded('10000', '50'), limits()))).toBe(
      'needs ≈ $10,100.00 of buying power, $10,000.00 available — at most 150 shares at 100.00',
    );
  });

  it('lets a cover through with no buying power, and skips the check when it is unknown', () => {
    expect(checkOrder(limitAt100('buy', 50), funded('0', '-50'), limits())).toEqual(ALLOWED);
    expect(checkOrder(limitAt100('buy', 1_000_000), context(), limits())).toEqual(ALLOWED);
  });

  it('holds a $ amount to the buying power as it is', () => {
    const amount = (value: string): OrderSpec => order({ qty: undefined, notional: dec(value) });
    expect(checkOrder(amount('10000'), funded('10000'), limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder(amount('10000.01'), funded('10000'), limits()))).toBe(
      'needs ≈ $10,000.01 of buying power, $10,000.00 available — at most $10,000.00',
    );
  });
});

describe('duplicate intent', () => {
  const sent = (spec: OrderSpec, ago: number, seq = 12) => ({ spec, at: NOW - ago, seq, source: 'manual' });

  it('refuses the same order sent within the window, naming it and how long to wait', () => {
    const recent = context({ recentIntents: [sent(order(), 1200)] });
    expect(refusal(checkOrder(order(), recent, limits()))).toBe(
      'same as #12 sent 1.2s ago — refused as a likely double submit; wait 1.8s or change the order',
    );
  });

  it('refuses up to the last millisecond of the window and allows at its end', () => {
    expect(refusal(checkOrder(order(), context({ recentIntents: [sent(order(), 2999)] }), limits()))).toContain(
      'wait 0.1s',
    );
    expect(checkOrder(order(), context({ recentIntents: [sent(order(), 3000)] }), limits())).toEqual(ALLOWED);
  });

  it('follows a configured window', () => {
    const recent = context({ recentIntents: [sent(order(), 4000)] });
    expect(refusal(checkOrder(order(), recent, limits({ duplicateWindowMs: 5000 })))).toContain('wait 1.0s');
    expect(checkOrder(order(), context({ recentIntents: [sent(order(), 0)] }), limits({ duplicateWindowMs: 0 }))).toEqual(
      ALLOWED,
    );
  });

  it('allows an order that differs in any field', () => {
    const base = order({ type: 'limit', limitPrice: dec(100) });
    const recent = context({ recentIntents: [sent(base, 100)] });
    const changes: Partial<OrderSpec>[] = [
      { symbol: 'MSFT' },
      { side: 'sell' },
      { qty: dec(11) },
      { limitPrice: dec('100.01') },
      { timeInForce: 'gtc' },
      { type: 'stop_limit', stopPrice: dec(100) },
    ];
    for (const change of changes) expect(checkOrder({ ...base, ...change }, recent, limits())).toEqual(ALLOWED);
    expect(refusal(checkOrder({ ...base, limitPrice: dec('100.000') }, recent, limits()))).toContain('same as #12');
  });

  it('names the most recent match', () => {
    const recent = context({ recentIntents: [sent(order(), 2000, 7), sent(order(), 500, 9), sent(order(), 2500, 5)] });
    expect(refusal(checkOrder(order(), recent, limits()))).toMatch(/^same as #9 sent 0\.5s ago/);
  });
});
