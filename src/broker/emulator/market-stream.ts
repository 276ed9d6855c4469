import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { normalizeSymbol } from '../../domain/symbol.js';
import type { Unsubscribe } from '../port.js';
import type { SimExchange } from '../sim/sim-exchange.js';
import { Unauthorized, type EmulatorAccounts } from './accounts.js';
import { codecFor, type MarketCodec } from './market-codec.js';
import { quoteFrame, tradeFrame } from './market-frames.js';
import { marketHistory } from './market-history.js';

/** Where Alpaca streams the IEX feed, the free plan's. */
export const MARKET_STREAM_PATH = '/v2/iex';

/** The free plan's limit of symbols on each of the trades and quotes channels. */
export const MAX_STREAM_SYMBOLS = 30;

/** Alpaca's answer when it cannot serve a connection for its own reasons. */
const INTERNAL_ERROR = [500, 'internal error'] as const;

/** Alpaca's stream error codes and their messages. */
const ERRORS = {
  invalidSyntax: [400, 'invalid syntax'],
  notAuthenticated: [401, 'not authenticated'],
  authFailed: [402, 'auth failed'],
  alreadyAuthenticated: [403, 'already authenticated'],
  symbolLimit: [405, 'symbol limit exceeded'],
  connectionLimit: [406, 'connection limit exceeded'],
} as const;

type Channel = 'trades' | 'quotes';

/**
 * Alpaca's stock data WebSocket over the emulator's accounts: `connected` on open, `auth` with the
 * REST credentials, then `subscribe`/`unsubscribe` trades and quotes and get the account's sim
 * market as it moves. Like the free plan, one connection per key and at most 30 symbols a channel.
 * Bars are not streamed: a `bars` list is acknowledged as empty.
 */
export class MarketStream {
  private readonly server = new WebSocketServer({ noServer: true, clientTracking: false });
  private readonly sessions = new Set<MarketSession>();
  private readonly byKey = new Map<string, MarketSession>();

  constructor(private readonly accounts: EmulatorAccounts) {}

  /** Whether an upgrade request is for this stream. */
  handles(request: IncomingMessage): boolean {
    return new URL(request.url ?? '/', 'http://emulator').pathname === MARKET_STREAM_PATH;
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const codec = codecFor(request);
    this.server.handleUpgrade(request, socket, head, (ws) => {
      const session = new MarketSession(ws, codec, {
        authenticate: (keyId, secret) => this.accounts.authenticate(keyId, secret),
        claim: (keyId) => {
          if (this.byKey.has(keyId)) return false;
          this.byKey.set(keyId, session);
          return true;
        },
        closed: (keyId) => {
          this.sessions.delete(session);
          if (keyId !== undefined && this.byKey.get(keyId) === session) this.byKey.delete(keyId);
        },
      });
      this.sessions.add(session);
    });
  }

  /** Drops every open socket and its listening, before the accounts' exchanges close. */
  close(): void {
    for (const session of this.sessions) session.terminate();
    this.sessions.clear();
    this.byKey.clear();
    this.server.close();
  }
}

interface SessionHost {
  readonly authenticate: EmulatorAccounts['authenticate'];
  /** Takes the key's one connection; false when another connection holds it. */
  readonly claim: (keyId: string) => boolean;
  readonly closed: (keyId: string | undefined) => void;
}

/** One connection: unauthenticated until `auth`, then listening to its account's market. */
class MarketSession {
  private keyId: string | undefined;
  private stopListening: Unsubscribe | undefined;
  private readonly channels: Record<Channel, Set<string>> = { trades: new Set(), quotes: new Set() };

  constructor(
    private readonly ws: WebSocket,
    private readonly codec: MarketCodec,
    private readonly host: SessionHost,
  ) {
    ws.on('message', (data) => this.receive(data));
    ws.on('close', () => {
      this.stop();
      host.closed(this.keyId);
    });
    // A peer that vanishes mid-frame is just a closed session; without a listener ws would throw.
    ws.on('error', () => ws.terminate());
    this.send({ T: 'success', msg: 'connected' });
  }

  terminate(): void {
    this.stop();
    this.ws.terminate();
  }

  private receive(data: RawData): void {
    let message: unknown;
    try {
      message = this.codec.decode(data);
    } catch {
      this.error(ERRORS.invalidSyntax);
      return;
    }
    const fields = isRecord(message) ? message : {};
    if (fields.action === 'auth') this.authenticate(fields);
    else if (fields.action === 'subscribe' || fields.action === 'unsubscribe') this.subscription(fields.action, fields);
    else this.error(ERRORS.invalidSyntax);
  }

  private authenticate(fields: Record<string, unknown>): void {
    if (this.keyId !== undefined) {
      this.error(ERRORS.alreadyAuthenticated);
      return;
    }
    const keyId = optionalString(fields.key);
    let exchange: SimExchange;
    try {
      exchange = this.host.authenticate(keyId, optionalString(fields.secret));
    } catch (error) {
      // Thrown in a socket's message handler, anything else would take the whole emulator down.
      this.refuse(error instanceof Unauthorized ? ERRORS.authFailed : INTERNAL_ERROR);
      return;
    }
    if (keyId === undefined || !this.host.claim(keyId)) {
      this.refuse(ERRORS.connectionLimit);
      return;
    }
    this.keyId = keyId;
    this.stopListening = marketHistory(exchange).listen({
      trade: (trade) => {
        if (this.channels.trades.has(trade.symbol)) this.send(tradeFrame(trade));
      },
      quote: (quote) => {
        if (this.channels.quotes.has(quote.symbol)) this.send(quoteFrame(quote));
      },
    });
    this.send({ T: 'success', msg: 'authenticated' });
  }

  /** A subscribe adds to the channels, an unsubscribe takes away; either is refused whole. */
  private subscription(action: 'subscribe' | 'unsubscribe', fields: Record<string, unknown>): void {
    if (this.keyId === undefined) {
      this.error(ERRORS.notAuthenticated);
      return;
    }
    const lists = { trades: symbols(fields.trades), quotes: symbols(fields.quotes), bars: symbols(fields.bars) };
    if (lists.trades === null || lists.quotes === null || lists.bars === null) {
      this.error(ERRORS.invalidSyntax);
      return;
    }
    const next = {
      trades: change(this.channels.trades, lists.trades, action),
      quotes: change(this.channels.quotes, lists.quotes, action),
    };
    if (next.trades.size > MAX_STREAM_SYMBOLS || next.quotes.size > MAX_STREAM_SYMBOLS) {
      this.error(ERRORS.symbolLimit);
      return;
    }
    this.channels.trades = next.trades;
    this.channels.quotes = next.quotes;
    const trades = [...next.trades];
    this.send({
      T: 'subscription',
      trades,
      quotes: [...next.quotes],
      bars: [],
      updatedBars: [],
      dailyBars: [],
      statuses: [],
      lulds: [],
      corrections: trades,
      cancelErrors: trades,
    });
  }

  private refuse(error: readonly [number, string]): void {
    this.error(error);
    this.ws.close();
  }

  private stop(): void {
    this.stopListening?.();
    this.stopListening = undefined;
  }

  private error([code, msg]: readonly [number, string]): void {
    this.send({ T: 'error', code, msg });
  }

  /** Alpaca sends every message, control or data, inside an array. */
  private send(message: Record<string, unknown>): void {
    this.ws.send(this.codec.encode([message]));
  }
}

/** A channel's list of symbols, absent as empty; null when it is not a list of names. */
function symbols(value: unknown): string[] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((symbol) => typeof symbol === 'string' && symbol.trim() !== '')) return null;
  return (value as string[]).map(normalizeSymbol);
}

function change(current: ReadonlySet<string>, symbols: readonly string[], action: 'subscribe' | 'unsubscribe'): Set<string> {
  const next = new Set(current);
  for (const symbol of symbols) {
    if (action === 'subscribe') next.add(symbol);
    else next.delete(symbol);
  }
  return next;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
