import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { fromTradeUpdate } from '../alpaca/wire-updates.js';
import type { Unsubscribe } from '../port.js';
import type { SimExchange } from '../sim/sim-exchange.js';
import { Unauthorized, type EmulatorAccounts } from './accounts.js';

/** The path Alpaca serves its trade-updates WebSocket on. */
export const TRADE_STREAM_PATH = '/stream';

const TRADE_UPDATES = 'trade_updates';

/**
 * Alpaca's trade-updates WebSocket over the emulator's accounts: `authenticate` with the REST
 * credentials, `listen` to `trade_updates`, then every update of that account's sim as a frame.
 * Frames go out binary, as Alpaca's paper stream sends them; clients may send text or binary.
 */
export class TradeStream {
  private readonly server = new WebSocketServer({ noServer: true, clientTracking: false });
  private readonly sessions = new Set<TradeStreamSession>();

  constructor(private readonly accounts: EmulatorAccounts) {}

  /** Takes an HTTP upgrade; any path but the stream's is refused with 404 and the socket closed. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? '/', 'http://emulator').pathname;
    if (path !== TRADE_STREAM_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
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

/** One connection: unauthenticated until `authenticate` succeeds, subscribed while listening. */
class TradeStreamSession {
  private exchange: SimExchange | undefined;
  private unsubscribe: Unsubscribe | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly accounts: EmulatorAccounts,
    onClose: () => void,
  ) {
    ws.on('message', (data) => this.receive(data));
    ws.on('close', () => {
      this.stopListening();
      onClose();
    });
    // A peer that vanishes mid-frame is just a closed session; without a listener ws would throw.
    ws.on('error', () => ws.terminate());
  }

  terminate(): void {
    this.stopListening();
    this.ws.terminate();
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
    if (this.exchange !== undefined) {
      this.error('already authenticated: a connection authenticates once');
      return;
    }
    try {
      this.exchange = this.accounts.authenticate(optionalString(fields.key_id), optionalString(fields.secret_key));
    } catch (error) {
      if (!(error instanceof Unauthorized)) throw error;
      this.send({ stream: 'authorization', data: { status: 'unauthorized', action: 'authenticate' } });
      this.ws.close();
      return;
    }
    this.send({ stream: 'authorization', data: { status: 'authorized', action: 'authenticate' } });
  }

  /** The streams list is the whole wanted set, as Alpaca reads it: a list without trade_updates stops them. */
  private listen(fields: Record<string, unknown>): void {
    const exchange = this.exchange;
    if (exchange === undefined) {
      this.error('not authenticated: send {"action": "authenticate"} before "listen"');
      return;
    }
    const { streams } = fields;
    if (!Array.isArray(streams)) {
      this.error('listen: "data.streams" must be a list of stream names, e.g. ["trade_updates"]');
      return;
    }
    const wanted = streams.includes(TRADE_UPDATES);
    if (wanted) this.unsubscribe ??= exchange.subscribeTradeUpdates((update) => this.send(fromTradeUpdate(update)));
    else this.stopListening();
    this.send({ stream: 'listening', data: { streams: wanted ? [TRADE_UPDATES] : [] } });
  }

  private stopListening(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private error(message: string): void {
    this.send({ action: 'error', data: { error_message: message } });
  }

  private send(message: unknown): void {
    this.ws.send(Buffer.from(JSON.stringify(message)), { binary: true });
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
