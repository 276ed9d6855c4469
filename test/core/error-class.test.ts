import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { BrokerError } from '../../src/broker/errors.js';
import { classifyError, errorLabel, retryAfterMs, type ErrorClass } from '../../src/core/error-class.js';

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

describe('classifyError', () => {
  const table: ReadonlyArray<readonly [string, unknown, ErrorClass, string]> = [
    ['BrokerError transient', new BrokerError('transient', 'bad gateway', { status: 503 }), 'transient', '503'],
    ['BrokerError rate_limited', new BrokerError('rate_limited', 'slow down', { status: 429, retryAfterMs: 1000 }), 'rate_limited', '429'],
    ['BrokerError ambiguous', new BrokerError('ambiguous', 'request timed out'), 'ambiguous', 'timeout'],
    ['BrokerError rejected', new BrokerError('rejected', 'insufficient buying power', { status: 403 }), 'permanent', 'rejected'],
    ['BrokerError not_found', new BrokerError('not_found', 'order not found', { status: 404 }), 'permanent', 'not_found'],
    ['BrokerError not_cancelable', new BrokerError('not_cancelable', 'already filled', { status: 422 }), 'permanent', 'not_cancelable'],
    ['ECONNREFUSED', nodeError('ECONNREFUSED'), 'transient', 'ECONNREFUSED'],
    ['EAI_AGAIN', nodeError('EAI_AGAIN'), 'transient', 'EAI_AGAIN'],
    ['fetch failed ← ECONNREFUSED', fetchFailed(nodeError('ECONNREFUSED')), 'transient', 'ECONNREFUSED'],
    ['ECONNRESET', nodeError('ECONNRESET'), 'ambiguous', 'ECONNRESET'],
    ['socket hang up', nodeError('ECONNRESET', 'socket hang up'), 'ambiguous', 'ECONNRESET'],
    ['ETIMEDOUT', nodeError('ETIMEDOUT'), 'ambiguous', 'timeout'],
    ['fetch failed ← other side closed', fetchFailed(nodeError('UND_ERR_SOCKET', 'other side closed')), 'ambiguous', 'UND_ERR_SOCKET'],
    ['fetch AbortError', domError('AbortError'), 'ambiguous', 'aborted'],
    ['AbortSignal.timeout', domError('TimeoutError'), 'ambiguous', 'timeout'],
    ['HTTP 503', { status: 503, message: 'Service Unavailable' }, 'ambiguous', '503'],
    ['HTTP 500 via response', { response: { status: 500 } }, 'ambiguous', '500'],
    ['HTTP 429', { status: 429 }, 'rate_limited', '429'],
    ['HTTP 408', { statusCode: 408 }, 'transient', '408'],
    ['HTTP 422', Object.assign(new Error('order is not cancelable'), { status: 422, code: 42210000 }), 'permanent', '422'],
    ['HTTP 403', { status: 403 }, 'permanent', '403'],
    ['SDK error wrapping a status', new Error('wrapped', { cause: { status: 502 } }), 'ambiguous', '502'],
    ['plain TypeError', new TypeError('x is not a function'), 'ambiguous', 'TypeError'],
    ['a string', 'boom', 'ambiguous', 'error'],
    ['undefined', undefined, 'ambiguous', 'error'],
  ];

  it.each(table)('%s → %s', (_name, error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });

  it.each(table)('%s is labelled %s', (_name, error, _class, label) => {
    expect(errorLabel(error)).toBe(label);
  });

  it('stops following causes after a few links, so a cycle cannot hang it', () => {
    const a: { cause?: unknown } = {};
    const b = { cause: a };
    a.cause = b;
    expect(classifyError(a)).toBe('ambiguous');
  });

  it('classifies what Node 20 fetch really throws', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await fetch(`http://127.0.0.1:${port}/`).catch((error: unknown) => error);
    expect(classifyError(refused)).toBe('transient');

    const hangUp = net.createServer((socket) => socket.on('data', () => socket.destroy()));
    await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
    try {
      const address = hangUp.address() as net.AddressInfo;
      const reset = await fetch(`http://127.0.0.1:${address.port}/`, { method: 'POST', body: 'x' }).catch(
        (error: unknown) => error,
      );
      expect(classifyError(reset)).toBe('ambiguous');
    } finally {
      hangUp.close();
    }
  });
});

describe('retryAfterMs', () => {
  it('prefers an explicit retryAfterMs', () => {
    expect(retryAfterMs(new BrokerError('rate_limited', 'slow down', { status: 429, retryAfterMs: 2500 }), NOW)).toBe(2500);
  });

  it('reads Retry-After in seconds from a fetch Headers object', () => {
    expect(retryAfterMs({ status: 429, headers: new Headers({ 'Retry-After': '3' }) }, NOW)).toBe(3000);
  });

  it('reads Retry-After as an HTTP date', () => {
    const at = new Date(NOW + 7000).toUTCString();
    expect(retryAfterMs({ response: { status: 429, headers: { 'retry-after': at } } }, NOW)).toBe(7000);
  });

  it('falls back to X-RateLimit-Reset (epoch seconds), case-insensitively', () => {
    const reset = (NOW + 12_000) / 1000;
    expect(retryAfterMs({ status: 429, headers: { 'X-RateLimit-Reset': String(reset) } }, NOW)).toBe(12_000);
  });

  it('prefers Retry-After over X-RateLimit-Reset', () => {
    const headers = { 'retry-after': '1', 'x-ratelimit-reset': String((NOW + 30_000) / 1000) };
    expect(retryAfterMs({ status: 429, headers }, NOW)).toBe(1000);
  });

  it("reads the Alpaca SDK's parsed rateLimit.reset", () => {
    expect(retryAfterMs({ status: 429, rateLimit: { limit: 200, remaining: 0, reset: new Date(NOW + 4000) } }, NOW)).toBe(4000);
  });

  it('never returns a negative wait for a reset already past', () => {
    expect(retryAfterMs({ status: 429, headers: { 'x-ratelimit-reset': String((NOW - 5000) / 1000) } }, NOW)).toBe(0);
  });

  it('is undefined when the error says nothing', () => {
    expect(retryAfterMs({ status: 429 }, NOW)).toBeUndefined();
    expect(retryAfterMs({ status: 429, headers: { 'retry-after': 'soon' } }, NOW)).toBeUndefined();
    expect(retryAfterMs(new Error('boom'), NOW)).toBeUndefined();
  });
});
