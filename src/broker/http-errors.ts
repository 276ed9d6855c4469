import { BrokerError, type BrokerErrorKind } from './errors.js';

/**
 * What an HTTP adapter caught, as a BrokerError: the status, the rate-limit headers and the socket
 * error under it are read here, so the core never has to. A refusal is `invalid_order` unless the
 * adapter, which knows its broker's wording, names a better reason.
 */

/**
 * Socket errors raised before a connection existed, so no byte of the request left. Every other
 * transport error (reset, hang-up, timeout, abort) may have struck after the broker got the request.
 */
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** fetch wraps the socket error as `cause`, SDKs wrap fetch's; a few links reach the real one. */
const MAX_CAUSE_DEPTH = 5;

type Bag = Readonly<Record<string, unknown>>;

/** `now` is the time the failure is read at, for a rate-limit reset given as a moment rather than a wait. */
export function brokerErrorFromHttp(error: unknown, now: number): BrokerError {
  for (const link of causes(error)) {
    if (link instanceof BrokerError) return link;
    const status = httpStatus(link);
    if (status !== undefined) return fromStatus(error, status, link, now);
    const code = errorCode(link);
    if (code !== undefined) return make(NEVER_SENT.has(code) ? 'transient' : 'ambiguous', error);
  }
  // Unknown failures may have happened after the broker acted; assuming "it failed" is how orders get sent twice.
  return make('ambiguous', error);
}

function fromStatus(error: unknown, status: number, link: Bag, now: number): BrokerError {
  if (status === 429) {
    const wait = retryAfterMs(link, now);
    return make('rate_limited', error, { status, ...(wait !== undefined && { retryAfterMs: wait }) });
  }
  // 408: the server gave up waiting for the request, so it never processed it.
  if (status === 408) return make('transient', error, { status });
  if (status === 404) return make('not_found', error, { status });
  if (status >= 400 && status < 500) return make('rejected', error, { status });
  return make('ambiguous', error, { status });
}

/** The message names the failure first (`503`, `timeout`, `ECONNRESET`), then what the error said. */
function make(kind: BrokerErrorKind, error: unknown, details: { status?: number; retryAfterMs?: number } = {}): BrokerError {
  const name = failureName(error);
  const said = messageOf(error);
  const message = said === undefined || said === name ? (name ?? 'no answer') : name === undefined ? said : `${name}: ${said}`;
  return new BrokerError(kind, message, { ...details, cause: error });
}

function failureName(error: unknown): string | undefined {
  for (const link of causes(error)) {
    const status = httpStatus(link);
    if (status !== undefined) return String(status);
    if (isTimeout(link)) return 'timeout';
    const code = errorCode(link);
    if (code !== undefined) return code;
    if (link.name === 'AbortError') return 'aborted';
  }
  return undefined;
}

function messageOf(error: unknown): string | undefined {
  if (typeof error === 'string') return error.trim() === '' ? undefined : error.trim();
  for (const link of causes(error)) {
    if (typeof link.message === 'string' && link.message.trim() !== '') return link.message.trim();
  }
  return undefined;
}

/**
 * How long the broker asked us to wait, in ms from `now`: an explicit `retryAfterMs` (the Alpaca
 * SDK), else `Retry-After` (seconds or an HTTP date), else `X-RateLimit-Reset` (epoch seconds),
 * else the SDK's parsed `rateLimit.reset`. Undefined when the answer says nothing.
 */
function retryAfterMs(link: Bag, now: number): number | undefined {
  const explicit = link.retryAfterMs;
  if (typeof explicit === 'number' && Number.isFinite(explicit)) return Math.max(0, Math.ceil(explicit));
  const retryAfter = header(link, 'retry-after');
  if (retryAfter !== undefined) {
    const ms = /^\s*\d+(\.\d+)?\s*$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - now;
    if (Number.isFinite(ms)) return Math.max(0, Math.ceil(ms));
  }
  const reset = Number(header(link, 'x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, Math.ceil(reset * 1000 - now));
  const parsedReset = asBag(link.rateLimit)?.reset;
  if (parsedReset instanceof Date) return Math.max(0, Math.ceil(parsedReset.getTime() - now));
  return undefined;
}

function* causes(error: unknown): Generator<Bag> {
  let link = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH; depth++) {
    const bag = asBag(link);
    if (bag === undefined) return;
    yield bag;
    link = bag.cause;
  }
}

function asBag(value: unknown): Bag | undefined {
  return typeof value === 'object' && value !== null ? (value as Bag) : undefined;
}

function httpStatus(link: Bag): number | undefined {
  for (const value of [link.status, link.statusCode, asBag(link.response)?.status]) {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599) return value;
  }
  return undefined;
}

/** Node's string codes only: DOMException carries a numeric legacy `code` that means nothing here. */
function errorCode(link: Bag): string | undefined {
  return typeof link.code === 'string' && link.code !== '' ? link.code : undefined;
}

function isTimeout(link: Bag): boolean {
  if (link.name === 'TimeoutError') return true;
  const code = errorCode(link);
  if (code !== undefined) return /TIMEOUT|TIMEDOUT/i.test(code);
  return typeof link.message === 'string' && /\btime[ds]? ?out\b/i.test(link.message);
}

/** Reads a header from `headers` or `response.headers`, whether a fetch Headers or a plain record. */
function header(link: Bag, name: string): string | undefined {
  for (const source of [link.headers, asBag(link.response)?.headers]) {
    const headers = asBag(source);
    if (headers === undefined) continue;
    if (typeof headers.get === 'function') {
      const value: unknown = headers.get.call(source, name);
      if (typeof value === 'string') return value;
      continue;
    }
    for (const [key, value] of Object.entries(headers)) {
      if (key.toLowerCase() !== name) continue;
      const first: unknown = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string' || typeof first === 'number') return String(first);
    }
  }
  return undefined;
}
