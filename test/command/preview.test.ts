import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { parse } from '../../src/command/parse.js';
import { formatPreview, formatPrice, formatWarnings, type QuoteLookup } from '../../src/command/preview.js';

const QUOTES: QuoteLookup = (symbol) =>
  ({
    AAPL: { bid: dec('187.42'), ask: dec('187.44'), last: dec('187.43') },
    MSFT: { bid: dec('412.10'), ask: dec('412.16'), last: dec('412.12') },
    HALT: { bid: dec('0'), ask: dec('0'), last: dec('5.25') },
    DARK: { bid: dec('0'), ask: dec('0'), last: dec('0') },
  })[symbol];

function preview(text: string, quotes: QuoteLookup | undefined): string {
  const result = parse(text);
  if (!result.ok) throw new Error(`'${text}' did not parse: ${result.error}`);
  return formatPreview(result.intent, quotes);
}

describe('formatPreview', () => {
  it.each([
    ['buy 10 AAPL @ 187', 'BUY 10 AAPL LIMIT 187.00 DAY  ≈ $1,870.00'],
    ['buy 10 AAPL', 'BUY 10 AAPL MKT DAY  ≈ $1,874.40'],
    ['sell 5 MSFT', 'SELL 5 MSFT MKT DAY  ≈ $2,060.50'],
    ['sell 5 msft @ 412.5 gtc', 'SELL 5 MSFT LIMIT 412.50 GTC  ≈ $2,062.50'],
    ['buy 10 AAPL stop 190', 'BUY 10 AAPL STOP 190.00 DAY  ≈ $1,900.00'],
    ['buy 10 AAPL stop 190 @ 190.5 ioc', 'BUY 10 AAPL STOP 190.00 LIMIT 190.50 IOC  ≈ $1,905.00'],
    ['sell 10 AAPL trail 1.5%', 'SELL 10 AAPL TRAIL 1.5% DAY  ≈ $1,874.20'],
    ['sell 10 AAPL trail 2.5 gtc', 'SELL 10 AAPL TRAIL $2.50 GTC  ≈ $1,874.20'],
    ['buy $500 AAPL', 'BUY $500.00 AAPL MKT DAY (notional)'],
    ['sell $1234.5 AAPL', 'SELL $1,234.50 AAPL MKT DAY (notional)'],
    ['buy 0.5 AAPL', 'BUY 0.5 AAPL MKT DAY  ≈ $93.72'],
    ['buy 1000 PENNY @ 0.1234', 'BUY 1000 PENNY LIMIT 0.1234 DAY  ≈ $123.40'],
    ['cancel #12', 'CANCEL #12'],
    ['cancel #01jx4', 'CANCEL order blt-01JX4…'],
    ['cancel aapl', 'CANCEL all working AAPL orders'],
    ['cancel all', 'CANCEL ALL working orders'],
    ['replace #12 @ 186.5', 'REPLACE #12 → LIMIT 186.50'],
    ['replace #12 qty 20 @ 186.5 stop 185', 'REPLACE #12 → LIMIT 186.50 STOP 185.00 QTY 20'],
    ['flatten aapl', 'FLATTEN AAPL'],
    ['flatten all', 'FLATTEN ALL positions'],
    ['watch nvda tsla', 'WATCH NVDA TSLA'],
    ['unwatch tsla', 'UNWATCH TSLA'],
    ['halt', 'HALT new orders'],
    ['halt news pending', 'HALT new orders (news pending)'],
    ['resume', 'RESUME new orders'],
    ['metrics', 'METRICS'],
    ['?', 'HELP  show commands and keys'],
    ['exit', 'QUIT  leave Blotter; working orders stay working'],
  ])('%s → %s', (text, expected) => {
    expect(preview(text, QUOTES)).toBe(expected);
  });

  it.each([
    ['buy 10 AAPL @ 187 ttl 30s tp 195 sl 182', 'BUY 10 AAPL LIMIT 187.00 DAY  ttl 30s  bracket tp 195.00 sl 182.00  ≈ $1,870.00'],
    ['buy 10 AAPL @ 187 sl 182 tp 195 ttl 30S', 'BUY 10 AAPL LIMIT 187.00 DAY  ttl 30s  bracket tp 195.00 sl 182.00  ≈ $1,870.00'],
    ['buy 10 AAPL @ 187 ttl 90s partial cancel', 'BUY 10 AAPL LIMIT 187.00 DAY  ttl 90s  partial cancel  ≈ $1,870.00'],
    ['buy 10 AAPL ttl 120s', 'BUY 10 AAPL MKT DAY  ttl 2m  ≈ $1,874.40'],
    ['buy 10 AAPL @ 187 gtc ttl 3600s', 'BUY 10 AAPL LIMIT 187.00 GTC  ttl 1h  ≈ $1,870.00'],
    ['sell 10 AAPL @ 187 sl 192.13', 'SELL 10 AAPL LIMIT 187.00 DAY  oto sl 192.13  ≈ $1,870.00'],
    ['sell 10 AAPL @ 187 tp 180 partial keep', 'SELL 10 AAPL LIMIT 187.00 DAY  oto tp 180.00  partial keep  ≈ $1,870.00'],
    ['buy $500 AAPL ttl 1m partial cancel', 'BUY $500.00 AAPL MKT DAY (notional)  ttl 1m  partial cancel'],
  ])('shows the options: %s → %s', (text, expected) => {
    expect(preview(text, QUOTES)).toBe(expected);
  });

  it.each([
    ['buy 10 AAPL tp 195 sl 182 gtc', 'BUY 10 AAPL MKT GTC  bracket tp 195.00 sl 182.00  ≈ $1,874.40'],
    ['buy 10 AAPL @ 187 ioc tp 195 sl 182', 'BUY 10 AAPL LIMIT 187.00 IOC  oco tp 195.00 sl 182.00 after fill  ≈ $1,870.00'],
    ['buy 10 AAPL stop 190 tp 200 sl 185', 'BUY 10 AAPL STOP 190.00 DAY  oco tp 200.00 sl 185.00 after fill  ≈ $1,900.00'],
    ['buy 10 AAPL stop 190 @ 190.5 tp 200', 'BUY 10 AAPL STOP 190.00 LIMIT 190.50 DAY  tp 200.00 after fill  ≈ $1,905.00'],
    ['sell 10 AAPL trail 1.5% sl 200', 'SELL 10 AAPL TRAIL 1.5% DAY  sl 200.00 after fill  ≈ $1,874.20'],
  ])('says how the protection is sent, with the entry or after its fill: %s → %s', (text, expected) => {
    expect(preview(text, QUOTES)).toBe(expected);
  });

  it('leaves out the market estimate when there is no quote', () => {
    expect(preview('buy 10 NVDA', QUOTES)).toBe('BUY 10 NVDA MKT DAY');
    expect(preview('buy 10 AAPL', undefined)).toBe('BUY 10 AAPL MKT DAY');
    expect(preview('buy 10 DARK', QUOTES)).toBe('BUY 10 DARK MKT DAY');
  });

  it('still estimates a priced order without a quote', () => {
    expect(preview('buy 10 NVDA @ 120', undefined)).toBe('BUY 10 NVDA LIMIT 120.00 DAY  ≈ $1,200.00');
  });

  it('falls back to the last trade when the side a market order takes is empty', () => {
    expect(preview('buy 2 HALT', QUOTES)).toBe('BUY 2 HALT MKT DAY  ≈ $10.50');
  });

  it('prices with two decimals, more only when the price has them', () => {
    expect(formatPrice(dec('187'))).toBe('187.00');
    expect(formatPrice(dec('1234.5'))).toBe('1,234.50');
    expect(formatPrice(dec('0.0001'))).toBe('0.0001');
    expect(formatPrice(dec('187.125'))).toBe('187.125');
  });
});

describe('formatWarnings', () => {
  it('marks each warning and sets them two spaces apart, and is empty for none', () => {
    expect(formatWarnings(['wash trade: open sell #2'])).toBe('⚠ wash trade: open sell #2');
    expect(formatWarnings(['wash trade: open sell #2', 'insufficient qty: only 10 long'])).toBe(
      '⚠ wash trade: open sell #2  ⚠ insufficient qty: only 10 long',
    );
    expect(formatWarnings([])).toBe('');
  });
});
