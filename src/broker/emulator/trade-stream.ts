import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { fromTradeUpdate } from '../alpaca/wire-updates.js';
import type { TradeUpdate, TradeUpdateEvent, Unsubscribe } from '../port.js';
import { Unauthorized, type EmulatorAccount, type EmulatorAccounts } from './accounts.js';

/** The path Alpaca serves its trade-updates WebSocket on. */
export const TRADE_STREAM_PATH = '/stream';

const TRADE_UPDATES = 'trade_updates';

/** Alpaca's refusal of an upgrade during a reconnect storm: HTTP 429 where 101 was expected. */
const TOO_MANY_UPGRADES = JSON.stringify({ code: 42910000, message: 'rate limit exceeded' });

/** The events `terminalTwice` repeats; the ones after which an order's `new` is no longer replayed. */
const TERMINAL: ReadonlySet<TradeUpdateEvent> = new Set(['fill', 'canceled', 'expired', 'rejected']);
const CLOSING: ReadonlySet<TradeUpdateEvent> = new Set([...TERMINAL, 'replaced', 'done_for_day']);

/**
 * Alpaca's trade-updates WebSocket over the emulator's accounts: `authenticate` with the REST
 * credentials, `listen` to `trade_updates`, then every update of that account's sim as a frame.
 * Frames go out binary, as Alpaca's paper stream sends them; clients may send text or binary.
 */
export class TradeStream {
  private readonly server = new WebSocketServer({ noServer: true, clientTracking: false });
  private readonly sessions = new Set<TradeStreamSession>();

  constructor(private readonly accounts: EmulatorAccounts) {}

  /**
   * Takes an HTTP upgrade; any path but the stream's is refused with 404 and the socket closed, and
   * with `upgrade429` some are refused with 429 as Alpaca does to clients reconnecting too fast.
   */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? '/', 'http://emulator').pathname;
    if (path !== TRADE_STREAM_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (this.accounts.refuseUpgrade()) {
      socket.end(
        'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 1\r\nContent-Type: application/json; charset=utf-8\r\n' +
          `Content-Length: ${Buffer.byteLength(TOO_MANY_UPGRADES)}\r\n\r\n${TOO_MANY_UPGRADES}`,
      );
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => {
      const session = new TradeStreamSession(ws, this.accounts, () => this.sessions.delete(session));
      this.sessions.add(session);
    });
  }

  /** Drops every open socket and its sim subscription now, before the accounts' exchanges close. */
  close(): void {
    for (const session of this.sessions) session.terminate();
    this.sessions.clear();
    this.server.close();
  }
}

/**
 * One connection: unauthenticated until `authenticate` succeeds, subscribed while listening. The
 * account's stream faults strike here, on the way out: updates lost while the socket stays up,
 * terminal events twice, and fills replayed after the order's `new` with the same execution id.
 */
class TradeStreamSession {
  private account: EmulatorAccount | undefined;
  private unsubscribe: Unsubscribe | undefined;
  private stopWatchingOutages: Unsubscribe | undefined;
  /** Each working order's `new`, for a replay to send again. */
  private readonly news = new Map<string, TradeUpdate>();

  constructor(
    private readonly ws: WebSocket,
    private readonly accounts: EmulatorAccounts,
    onClose: () => void,
  ) {
    ws.on('message', (data) => this.receive(data));
    ws.on('close', () => {
      this.release();
      onClose();
    });
    // A peer that vanishes mid-frame is just a closed session; without a listener ws would throw.
    ws.on('error', () => ws.terminate());
  }

  terminate(): void {
    this.release();
    this.ws.terminate();
  }

  /**
   * The account's stream outage (the sim's fault, or the admin API's) is what a real one is to a
   * client: the socket drops, and no new one gets through until it is over. Updates meanwhile are
   * lost, as Alpaca replays nothing.
   */
  private watchOutages(account: EmulatorAccount): boolean {
    if (account.exchange.connection().stream === 'down') return false;
    this.stopWatchingOutages = account.exchange.onConnectionChange((state) => {
      if (state.stream === 'down') this.terminate();
    });
    return true;
  }

  private receive(data: RawData): void {
    let message: unknown;
    try {
      message = JSON.parse(rawText(data));
    } catch {
      this.error('message is not JSON: expected {"action": "authenticate" | "listen", "data": {...}}');
      return;
    }
    const { action, data: body } = isRecord(message) ? message : {};
    const fields = isRecord(body) ? body : {};
    if (action === 'authenticate') this.authenticate(fields);
    else if (action === 'listen') this.listen(fields);
    else this.error(`unknown action ${JSON.stringify(action)}: expected "authenticate" or "listen"`);
  }

  private authenticate(fields: Record<string, unknown>): void {
    if (this.account !== undefined) {
      this.error('already authenticated: a connection authenticates once');
      return;
    }
    try {
      this.account = this.accounts.signIn(optionalString(fields.key_id), optionalString(fields.secret_key));
    } catch (error) {
      // Thrown in a socket's message handler, anything else would take the whole emulator down.
      if (error instanceof Unauthorized) this.send({ stream: 'authorization', data: { status: 'unauthorized', action: 'authenticate' } });
      else this.error(`the account could not be opened: ${error instanceof Error ? error.message : String(error)}`);
      this.ws.close();
      return;
    }
    if (!this.watchOutages(this.account)) {
      this.ws.terminate();
      return;
    }
    this.send({ stream: 'authorization', data: { status: 'authorized', action: 'authenticate' } });
  }

  /** The streams list is the whole wanted set, as Alpaca reads it: a list without trade_updates stops them. */
  private listen(fields: Record<string, unknown>): void {
    const account = this.account;
    if (account === undefined) {
      this.error('not authenticated: send {"action": "authenticate"} before "listen"');
      return;
    }
    const { streams } = fields;
    if (!Array.isArray(streams)) {
      this.error('listen: "data.streams" must be a list of stream names, e.g. ["trade_updates"]');
      return;
    }
    const wanted = streams.includes(TRADE_UPDATES);
    if (wanted) this.unsubscribe ??= account.exchange.subscribeTradeUpdates((update) => this.forward(account, update));
    else this.stopListening();
    this.send({ stream: 'listening', data: { streams: wanted ? [TRADE_UPDATES] : [] } });
  }

  private release(): void {
    this.stopWatchingOutages?.();
    this.stopWatchingOutages = undefined;
    this.stopListening();
  }

  private stopListening(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.news.clear();
  }

  private forward({ faults }: EmulatorAccount, update: TradeUpdate): void {
    if (faults.roll('silentLoss')) return;
    const orderId = update.order.id;
    if (update.event === 'new') this.news.set(orderId, update);
    this.deliver(faults, update);
    if (TERMINAL.has(update.event) && faults.roll('terminalTwice')) this.deliver(faults, update);
    if ((update.event === 'fill' || update.event === 'partial_fill') && faults.roll('replay')) {
      const earlier = update.event === 'fill' ? this.news.get(orderId) : undefined;
      if (earlier !== undefined) this.deliver(faults, earlier);
      this.deliver(faults, update);
    }
    if (CLOSING.has(update.event)) this.news.delete(orderId);
  }

  /** The account hears of the update once it is on its way, so a held submit answer goes after it. */
  private deliver(faults: EmulatorAccount['faults'], update: TradeUpdate): void {
    this.send(fromTradeUpdate(update), (error) => {
      if (error === undefined || error === null) faults.sent(update);
    });
  }

  private error(message: string): void {
    this.send({ action: 'error', data: { error_message: message } });
  }

  private send(message: unknown, written?: (error?: Error | null) => void): void {
    this.ws.send(Buffer.from(JSON.stringify(message)), { binary: true }, written);
  }
}

function rawText(data: RawData): string {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
  return bytes.toString('utf8');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
