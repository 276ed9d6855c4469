import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { BrokerError, type BrokerErrorKind } from '../../src/broker/errors.js';
import { brokerErrorFromHttp } from '../../src/broker/http-errors.js';

function nodeError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

/** The shape fetch (undici) throws: a TypeError whose cause is the socket error. */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function domError(name: string): Error {
  return Object.assign(new Error('This operation was aborted'), { name, code: 20 });
}

const NOW = Date.UTC(2026, 0, 5, 15, 0, 0);

describe('brokerErrorFromHttp', () => {
  const table: ReadonlyArray<readonly [string, unknown, BrokerErrorKind, string]> = [
    ['ECONNREFUSED', nodeError('ECONNREFUSED'), 'transient', 'ECONNREFUSED'],
    ['EAI_AGAIN', nodeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN paper-api.alpaca.markets'), 'transient', 'EAI_AGAIN: getaddrinfo EAI_AGAIN paper-api.alpaca.markets'],
    ['fetch failed ← ECONNREFUSED', fetchFailed(nodeError('ECONNREFUSED')), 'transient', 'ECONNREFUSED: fetch failed'],
    ['connect timeout (never connected)', nodeError('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error'), 'transient', 'timeout: Connect Timeout Error'],
    ['ECONNRESET', nodeError('ECONNRESET'), 'ambiguous', 'ECONNRESET'],
    ['socket hang up', nodeError('ECONNRESET', 'socket hang up'), 'ambiguous', 'ECONNRESET: socket hang up'],
    ['ETIMEDOUT', nodeError('ETIMEDOUT'), 'ambiguous', 'timeout: ETIMEDOUT'],
    ['fetch failed ← other side closed', fetchFailed(nodeError('UND_ERR_SOCKET', 'other side closed')), 'ambiguous', 'UND_ERR_SOCKET: fetch failed'],
    ['fetch AbortError', domError('AbortError'), 'ambiguous', 'aborted: This operation was aborted'],
    ['AbortSignal.timeout', domError('TimeoutError'), 'ambiguous', 'timeout: This operation was aborted'],
    ['HTTP 503', { status: 503, message: 'Service Unavailable' }, 'ambiguous', '503: Service Unavailable'],
    ['HTTP 500 via response', { response: { status: 500 } }, 'ambiguous', '500'],
    ['HTTP 429', { status: 429 }, 'rate_limited', '429'],
    ['HTTP 408', { statusCode: 408 }, 'transient', '408'],
    ['HTTP 404', { status: 404, message: 'order not found' }, 'not_found', '404: order not found'],
    ['HTTP 422', Object.assign(new Error('order is not cancelable'), { status: 422, code: 42210000 }), 'rejected', '422: order is not cancelable'],
    ['HTTP 403', { status: 403 }, 'rejected', '403'],
    ['SDK error wrapping a status', new Error('wrapped', { cause: { status: 502 } }), 'ambiguous', '502: wrapped'],
    ['plain TypeError', new TypeError('x is not a function'), 'ambiguous', 'x is not a function'],
    ['a string', 'boom', 'ambiguous', 'boom'],
    ['undefined', undefined, 'ambiguous', 'no answer'],
  ];

  it.each(table)('%s → %s, named in its message', (_name, error, kind, message) => {
    const mapped = brokerErrorFromHttp(error, NOW);
    expect(mapped).toBeInstanceOf(BrokerError);
    expect(mapped.kind).toBe(kind);
    expect(mapped.message).toBe(message);
    expect(mapped.cause).toBe(error);
  });

  it('keeps the status it read, for the log file', () => {
    expect(brokerErrorFromHttp({ status: 503 }, NOW).status).toBe(503);
    expect(brokerErrorFromHttp(nodeError('ECONNRESET'), NOW).status).toBeUndefined();
  });

  it('makes a 4xx refusal invalid_order: the adapter names a better reason from its broker’s wording', () => {
    expect(brokerErrorFromHttp({ status: 403 }, NOW).reason).toBe('invalid_order');
  });

  it('passes a BrokerError through, also one found under a wrapper', () => {
    const typed = new BrokerError('rejected', 'potential wash trade detected', { reason: 'wash_trade' });
    expect(brokerErrorFromHttp(typed, NOW)).toBe(typed);
    expect(brokerErrorFromHttp(new Error('wrapped', { cause: typed }), NOW)).toBe(typed);
  });

  it('stops following causes after a few links, so a cycle cannot hang it', () => {
    const a: { cause?: unknown } = {};
    const b = { cause: a };
    a.cause = b;
    expect(brokerErrorFromHttp(a, NOW).kind).toBe('ambiguous');
  });

  it('maps what Node 20 fetch really throws', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await fetch(`http://127.0.0.1:${port}/`).catch((error: unknown) => error);
    expect(brokerErrorFromHttp(refused, NOW).kind).toBe('transient');

    const hangUp = net.createServer((socket) => socket.on('data', () => socket.destroy()));
    await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
    try {
      const address = hangUp.address() as net.AddressInfo;
      const reset = await fetch(`http://127.0.0.1:${address.port}/`, { method: 'POST', body: 'x' }).catch(
        (error: unknown) => error,
      );
      expect(brokerErrorFromHttp(reset, NOW).kind).toBe('ambiguous');
    } finally {
      hangUp.close();
    }
  });
});

describe('how long a 429 asks to wait', () => {
  const waitOf = (error: unknown): number | undefined => brokerErrorFromHttp(error, NOW).retryAfterMs;

  it('takes an explicit retryAfterMs', () => {
    expect(waitOf({ status: 429, retryAfterMs: 2500 })).toBe(2500);
  });

  it('reads Retry-After in seconds from a fetch Headers object', () => {
    expect(waitOf({ status: 429, headers: new Headers({ 'Retry-After': '3' }) })).toBe(3000);
  });

  it('reads Retry-After as an HTTP date', () => {
    const at = new Date(NOW + 7000).toUTCString();
    expect(waitOf({ response: { status: 429, headers: { 'retry-after': at } } })).toBe(7000);
  });

  it('falls back to X-RateLimit-Reset (epoch seconds), case-insensitively', () => {
    const reset = (NOW + 12_000) / 1000;
    expect(waitOf({ status: 429, headers: { 'X-RateLimit-Reset': String(reset) } })).toBe(12_000);
  });

  it('prefers Retry-After over X-RateLimit-Reset', () => {
    const headers = { 'retry-after': '1', 'x-ratelimit-reset': String((NOW + 30_000) / 1000) };
    expect(waitOf({ status: 429, headers })).toBe(1000);
  });

  it("reads the Alpaca SDK's parsed rateLimit.reset", () => {
    expect(waitOf({ status: 429, rateLimit: { limit: 200, remaining: 0, reset: new Date(NOW + 4000) } })).toBe(4000);
  });

  it('never gives a negative wait for a reset already past', () => {
    expect(waitOf({ status: 429, headers: { 'x-ratelimit-reset': String((NOW - 5000) / 1000) } })).toBe(0);
  });

  it('is undefined when the answer says nothing', () => {
    expect(waitOf({ status: 429 })).toBeUndefined();
    expect(waitOf({ status: 429, headers: { 'retry-after': 'soon' } })).toBeUndefined();
  });

  it('is read only for a 429', () => {
    expect(waitOf({ status: 503, headers: { 'retry-after': '3' } })).toBeUndefined();
  });
});
