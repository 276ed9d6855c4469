import { describe, expect, it } from 'vitest';
import { fromAsset, toAsset } from '../../../src/broker/alpaca/wire-asset.js';

/** An asset as Alpaca answers GET /v2/assets/AAPL. */
const AAPL = {
  id: 'b0b6dd9d-8b9b-48a9-ba46-b9d54906e415',
  class: 'us_equity',
  exchange: 'NASDAQ',
  symbol: 'AAPL',
  name: 'Apple Inc. Common Stock',
  status: 'active',
  tradable: true,
  marginable: true,
  shortable: true,
  easy_to_borrow: true,
  fractionable: true,
};

describe('Alpaca assets on the wire', () => {
  it('is tradable only when active and marked tradable', () => {
    expect(toAsset(AAPL)).toEqual({ symbol: 'AAPL', tradable: true });
    expect(toAsset({ ...AAPL, status: 'inactive' })).toEqual({ symbol: 'AAPL', tradable: false });
    expect(toAsset({ ...AAPL, tradable: false })).toEqual({ symbol: 'AAPL', tradable: false });
  });

  it('names the field of a malformed asset', () => {
    expect(() => toAsset({ ...AAPL, status: 'delisted' })).toThrow(/Alpaca asset AAPL.*"status"/);
    expect(() => toAsset({ ...AAPL, tradable: 'yes' })).toThrow(/Alpaca asset AAPL.*"tradable"/);
    expect(() => toAsset({ ...AAPL, symbol: undefined })).toThrow(/Alpaca asset.*"symbol"/);
    expect(() => toAsset('AAPL')).toThrow(/Alpaca asset/);
  });

  it('reads back what the emulator writes', () => {
    for (const tradable of [true, false]) {
      expect(toAsset(fromAsset({ symbol: 'KO', tradable }, 'id-1'))).toEqual({ symbol: 'KO', tradable });
    }
  });
});
