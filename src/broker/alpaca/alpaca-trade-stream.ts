import { Alpaca, streaming } from '@alpacahq/alpaca-trade-api';
import WebSocket, { type RawData } from 'ws';
import type { ConnectionHealth, TradeUpdate } from '../port.js';
import { toTradeUpdate } from './wire-updates.js';

/** Something the trader should hear of that is not an error of a request: a stream dropping, an event Alpaca's docs do not list. */
export type BrokerNotice = (level: 'info' | 'warn' | 'error', text: string) => void;

export interface AlpacaTradeStreamOptions {
  /** `wss://paper-api.alpaca.markets/stream`, or an emulator's `ws://127.0.0.1:PORT/stream`. */
  readonly url: string;
  readonly keyId: string;
  readonly secret: string;
  readonly onUpdate: (update: TradeUpdate) => void;
  readonly onHealth: (health: ConnectionHealth) => void;
  readonly notice: BrokerNotice;
  /** Keepalive ping; a dead socket is found within ping + pong wait. The SDK's 10 s when absent. */
  readonly pingIntervalMs?: number;
  /** First reconnect wait, doubling to 64 s; the SDK's 1 s when absent. */
  readonly initialReconnectMs?: number;
}

/**
 * Alpaca's `trade_updates` WebSocket through the SDK: subscribed once before connecting (the SDK
 * then sends `listen` again after every authentication, and exactly once — alpaca.md §1.6), and
 * reconnecting without limit, because a console left open all day must never give up on its fills.
 * The stream is healthy only once Alpaca has acknowledged `listen`: before that, updates are not
 * flowing yet and the core must keep polling. Alpaca replays nothing missed while it was down; the
 * core reconciles when the health comes back to `ok`.
 *
 * The SDK runs the connection (authentication, `listen`, pings, reconnects), but updates are read
 * from the frames as Alpaca sent them, through a socket made here: the SDK's model turns the
 * timestamp into a millisecond Date and rewrites the legs of a bracket into camelCase objects
 * without their wire fields, which lost every leg's client order id.
 */
export class AlpacaTradeStream {
  readonly #stream: streaming.TradingStream;
  #health: ConnectionHealth = 'connecting';
  #closed = false;

  constructor(private readonly options: AlpacaTradeStreamOptions) {
    // The facade is only a factory for the stream here; its REST clients are never used.
    const alpaca = new Alpaca({ keyId: options.keyId, secret: options.secret, paper: true, retry: false, rateLimit: false });
    this.#stream = alpaca.trading.stream({
      url: options.url,
      reconnect: true,
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
      ...(options.pingIntervalMs !== undefined && { pingIntervalMs: options.pingIntervalMs }),
      ...(options.initialReconnectMs !== undefined && { initialReconnectMs: options.initialReconnectMs }),
      wsFactory: (url) => this.#socket(url),
    });
    this.#stream.on(streaming.EVENT.SUBSCRIPTION, (streams: unknown) => {
      if (Array.isArray(streams) && streams.includes('trade_updates')) this.#setHealth('ok');
    });
    this.#stream.onStateChange((state) => this.#stateChanged(state));
    this.#stream.onError((message) => options.notice('warn', `trade-update stream: ${message}`));
    this.#stream.subscribeTradeUpdates();
  }

  health(): ConnectionHealth {
    return this.#health;
  }

  connect(): void {
    if (!this.#closed) this.#stream.connect();
  }

  close(): void {
    this.#closed = true;
    this.#stream.disconnect();
  }

  #stateChanged(state: streaming.STATE): void {
    if (this.#closed) return;
    switch (state) {
      case streaming.STATE.CONNECTING:
      case streaming.STATE.CONNECTED:
        if (this.#health !== 'ok') this.#setHealth('connecting');
        return;
      case streaming.STATE.AUTHENTICATED:
        // Healthy at the `listening` acknowledgement, not here.
        return;
      // With reconnect on, the SDK stays disconnected only when Alpaca refused the keys, which it
      // reports as an error of its own.
      case streaming.STATE.WAITING_TO_RECONNECT:
      case streaming.STATE.DISCONNECTED:
        this.#setHealth('down');
    }
  }

  /** The socket the SDK would make (ws, no compression), with a listener of its own on the frames. */
  #socket(url: string): streaming.WebSocketLike {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.on('message', (data: RawData) => this.#frame(data));
    return socket as unknown as streaming.WebSocketLike;
  }

  /** Only trade updates are read here; the SDK answers the rest (and reports frames it cannot parse). */
  #frame(data: RawData): void {
    let message: unknown;
    try {
      message = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8'));
    } catch {
      return;
    }
    if (typeof message === 'object' && message !== null && (message as { stream?: unknown }).stream === 'trade_updates') this.#receive(message);
  }

  #setHealth(health: ConnectionHealth): void {
    if (health === this.#health) return;
    this.#health = health;
    this.options.onHealth(health);
  }

  /** A message that cannot be read is told, not thrown: one bad event must not cost the stream. */
  #receive(message: unknown): void {
    let read: ReturnType<typeof toTradeUpdate>;
    try {
      read = toTradeUpdate(message);
    } catch (error) {
      this.options.notice('error', `trade-update stream: unreadable update skipped (${error instanceof Error ? error.message : String(error)}); polling will find the order`);
      return;
    }
    if (read.kind === 'unknown') {
      this.options.notice('info', `trade-update stream: event "${read.event}"${read.orderId === undefined ? '' : ` for order ${read.orderId}`} is not one Blotter acts on; ignored`);
      return;
    }
    this.options.onUpdate(read.update);
  }
}
