/** One tradable symbol of the simulated market and the price its first session opens around. */
export interface UniverseEntry {
  readonly symbol: string;
  /** Previous close, a decimal string with at most two places. */
  readonly price: string;
}

/** Well-known US names at plausible prices, so the console looks like a market a trader knows. */
export const DEFAULT_UNIVERSE: readonly UniverseEntry[] = [
  { symbol: 'AAPL', price: '228.50' },
  { symbol: 'MSFT', price: '415.20' },
  { symbol: 'NVDA', price: '135.40' },
  { symbol: 'AMZN', price: '201.80' },
  { symbol: 'GOOGL', price: '172.30' },
  { symbol: 'META', price: '585.60' },
  { symbol: 'TSLA', price: '251.10' },
  { symbol: 'SPY', price: '571.40' },
  { symbol: 'QQQ', price: '492.70' },
  { symbol: 'AMD', price: '152.90' },
  { symbol: 'JPM', price: '224.60' },
  { symbol: 'V', price: '289.30' },
  { symbol: 'NFLX', price: '702.50' },
  { symbol: 'INTC', price: '22.40' },
  { symbol: 'BA', price: '158.70' },
  { symbol: 'DIS', price: '99.80' },
  { symbol: 'KO', price: '63.10' },
  { symbol: 'PEP', price: '160.20' },
  { symbol: 'WMT', price: '80.40' },
  { symbol: 'XOM', price: '116.30' },
  { symbol: 'BRK.B', price: '461.90' },
  { symbol: 'COST', price: '905.10' },
  { symbol: 'ORCL', price: '171.60' },
  { symbol: 'CRM', price: '291.40' },
  { symbol: 'UBER', price: '74.90' },
  { symbol: 'BAC', price: '40.20' },
  { symbol: 'PFE', price: '27.60' },
  { symbol: 'MCD', price: '292.80' },
  { symbol: 'CSCO', price: '57.90' },
  { symbol: 'IBM', price: '221.30' },
  { symbol: 'F', price: '10.60' },
  { symbol: 'NKE', price: '75.20' },
];

export const DEFAULT_WATCHLIST: readonly string[] = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'SPY'];
