/** Where each of Alpaca's four services is reached. */
export interface AlpacaEndpoints {
  /** Trading REST: orders, positions, account, clock, activities. */
  readonly trading: string;
  /** The `trade_updates` WebSocket. */
  readonly tradingStream: string;
  /** Market-data REST: snapshots, latest quotes and trades, bars. */
  readonly data: string;
  /** The market-data stream host; the feed's path (`/v2/iex`) goes after it. */
  readonly dataStream: string;
}

const PAPER: AlpacaEndpoints = {
  trading: 'https://paper-api.alpaca.markets',
  tradingStream: 'wss://paper-api.alpaca.markets/stream',
  data: 'https://data.alpaca.markets',
  dataStream: 'wss://stream.data.alpaca.markets',
};

const LIVE: AlpacaEndpoints = {
  ...PAPER,
  trading: 'https://api.alpaca.markets',
  tradingStream: 'wss://api.alpaca.markets/stream',
};

/** Alpaca's own hosts for a paper or a live account (market data is the same for both). */
export function alpacaEndpoints(mode: 'paper' | 'live'): AlpacaEndpoints {
  return mode === 'live' ? LIVE : PAPER;
}

/**
 * Every service at one base, as an Alpaca-compatible server (the emulator) serves them: REST at the
 * base, the trade stream at `/stream` and the data stream's feeds (`/v2/iex`) on the same host. Throws one line for a base that is
 * not an http(s) URL.
 */
export function endpointsAt(base: string): AlpacaEndpoints {
  let url: URL;
  try {
    url = new URL(base.trim());
  } catch {
    throw new Error(`"${base}" is not a URL; give one such as http://127.0.0.1:18080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`"${base}" is not an http or https URL; give one such as http://127.0.0.1:18080`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    // Not echoed: a user and password in it are credentials.
    throw new Error('the Alpaca URL should be a plain base URL, without a query, fragment or user; e.g. http://127.0.0.1:18080');
  }
  const rest = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const ws = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  return { trading: rest, tradingStream: `${ws}/stream`, data: rest, dataStream: ws };
}
