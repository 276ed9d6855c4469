import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { AlpacaTradeStream } from '../../../src/broker/alpaca/alpaca-trade-stream.js';
import type { ConnectionHealth, TradeUpdate } from '../../../src/broker/port.js';
import { FILLED_MARKET } from './fixtures.js';
import { until } from '../../support/until.js';

/**
 * A scripted Alpaca trade stream: it answers the handshake as Alpaca does, then the test decides
 * what it sends and when the socket drops, which a real server (or the emulator) cannot be told.
 */
class ScriptedStream {
  readonly server: WebSocketServer;
  readonly sockets: WebSocket[] = [];
  readonly listens: number[] = [];
  authorize = true;

  private constructor(server: WebSocketServer) {
    this.server = server;
    server.on('connection', (socket) => {
      this.sockets.push(socket);
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { action: string };
        if (message.action === 'authenticate') {
          const status = this.authorize ? 'authorized' : 'unauthorized';
          socket.send(JSON.stringify({ stream: 'authorization', data: { status, action: 'authenticate' } }));
        }
        if (message.action === 'listen') {
          this.listens.push(this.sockets.length);
          socket.send(JSON.stringify({ stream: 'listening', data: { streams: ['trade_updates'] } }));
        }
      });
    });
  }

  static async start(): Promise<ScriptedStream> {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new ScriptedStream(server);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/stream`;
  }

  /** Sends on the newest socket, binary as Alpaca's paper stream does. */
  send(message: unknown): void {
    this.sockets.at(-1)?.send(Buffer.from(JSON.stringify(message)));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface Client {
  readonly stream: AlpacaTradeStream;
  readonly updates: TradeUpdate[];
  readonly health: ConnectionHealth[];
  readonly notices: string[];
}

const servers: ScriptedStream[] = [];
const clients: AlpacaTradeStream[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});


async function connected(): Promise<{ server: ScriptedStream; client: Client }> {
  const server = await ScriptedStream.start();
  servers.push(server);
  const updates: TradeUpdate[] = [];
  const health: ConnectionHealth[] = [];
  const notices: string[] = [];
  const stream = new AlpacaTradeStream({
    url: server.url,
    keyId: 'PKTEST',
    secret: 'secret',
    onUpdate: (update) => updates.push(update),
    onHealth: (state) => health.push(state),
    notice: (level, text) => notices.push(`${level}: ${text}`),
    pingIntervalMs: 0,
    initialReconnectMs: 20,
  });
  clients.push(stream);
  stream.connect();
  return { server, client: { stream, updates, health, notices } };
}

const update = (event: string, extra: Record<string, unknown> = {}) => ({
  stream: 'trade_updates',
  data: { event, timestamp: '2026-12-02T14:30:00.123456789Z', order: FILLED_MARKET, ...extra },
});

describe("Alpaca's trade-update stream through the SDK", () => {
  it('is healthy only once Alpaca acknowledges listen, which it sends once', async () => {
    const { server, client } = await connected();
    await until(() => client.stream.health() === 'ok', 'the listening ack');
    expect(client.health).toEqual(['ok']);
    expect(server.listens).toEqual([1]);
  });

  it('hands on fills with their execution ids and exact figures', async () => {
    const { server, client } = await connected();
    await until(() => client.stream.health() === 'ok', 'the listening ack');
    server.send(update('fill', { execution_id: 'exec-1', price: '105.8988475', qty: '1790.86', position_qty: '1790.86' }));
    await until(() => client.updates.length === 1, 'the fill');
    const [fill] = client.updates;
    expect(fill).toMatchObject({ event: 'fill', executionId: 'exec-1', timestamp: '2026-12-02T14:30:00.123456789Z' });
    expect(fill?.price?.toString()).toBe('105.8988475');
    expect(fill?.order.clientOrderId).toBe(FILLED_MARKET.client_order_id);
  });

  it("tells of events Alpaca's docs do not list and of updates it cannot read, and carries on", async () => {
    const { server, client } = await connected();
    await until(() => client.stream.health() === 'ok', 'the listening ack');
    server.send(update('pending_review'));
    server.send(update('fill', { order: { ...FILLED_MARKET, filled_qty: 'lots' } }));
    server.send(update('canceled'));
    await until(() => client.updates.length === 1, 'the update after the bad ones');
    expect(client.updates[0]?.event).toBe('canceled');
    expect(client.notices).toEqual([
      `info: trade-update stream: event "pending_review" for order ${FILLED_MARKET.id} is not one Blotter acts on; ignored`,
      expect.stringMatching(/^error: trade-update stream: unreadable update skipped \(.*filled_qty.*\); polling will find the order$/),
    ]);
    expect(client.stream.health()).toBe('ok');
  });

  it('goes down when the socket drops, reconnects by itself, listens again and is healthy again', async () => {
    const { server, client } = await connected();
    await until(() => client.stream.health() === 'ok', 'the listening ack');
    server.sockets[0]?.terminate();
    await until(() => client.health.includes('down'), 'the drop');
    await until(() => client.stream.health() === 'ok' && server.sockets.length === 2, 'the reconnect');
    expect(client.health).toEqual(['ok', 'down', 'connecting', 'ok']);
    expect(server.listens).toEqual([1, 2]);
  });

  it('stays down when Alpaca refuses the keys, and says so', async () => {
    const server = await ScriptedStream.start();
    servers.push(server);
    server.authorize = false;
    const notices: string[] = [];
    const stream = new AlpacaTradeStream({
      url: server.url,
      keyId: 'PKTEST',
      secret: 'wrong',
      onUpdate: () => {},
      onHealth: () => {},
      notice: (level, text) => notices.push(`${level}: ${text}`),
      pingIntervalMs: 0,
      initialReconnectMs: 20,
    });
    clients.push(stream);
    stream.connect();
    await until(() => notices.length > 0, 'the refusal');
    expect(notices[0]).toBe('warn: trade-update stream: auth failed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stream.health()).toBe('down');
    expect(server.sockets).toHaveLength(1);
  });

  it('leaves no socket open once closed', async () => {
    const { server, client } = await connected();
    await until(() => client.stream.health() === 'ok', 'the listening ack');
    client.stream.close();
    await until(() => server.sockets.every((socket) => socket.readyState === socket.CLOSED), 'the socket to close');
  });
});
