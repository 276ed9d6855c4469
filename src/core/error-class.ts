import { BrokerError, type BrokerErrorKind } from '../broker/errors.js';

/**
 * What a failed broker call means for the caller:
 * - transient: the request never reached the broker, so trying again is safe;
 * - rate_limited: the broker refused because of load; wait as told, then try again;
 * - permanent: the broker said no for a reason a retry will not change;
 * - ambiguous: the request may have been processed; verify before acting on it.
 */
export type ErrorClass = 'transient' | 'rate_limited' | 'permanent' | 'ambiguous';

const KIND_CLASS: Record<BrokerErrorKind, ErrorClass> = {
  transient: 'transient',
  rate_limited: 'rate_limited',
  ambiguous: 'ambiguous',
  rejected: 'permanent',
  not_found: 'permanent',
  not_cancelable: 'permanent',
};

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

export function classifyError(error: unknown): ErrorClass {
  for (const link of causes(error)) {
    if (link instanceof BrokerError) return KIND_CLASS[link.kind];
    const status = httpStatus(link);
    if (status !== undefined) return statusClass(status);
    const code = errorCode(link);
    if (code !== undefined) return NEVER_SENT.has(code) ? 'transient' : 'ambiguous';
  }
  // Unknown failures may have happened after the broker acted; assuming "it failed" is how orders get sent twice.
  return 'ambiguous';
}

function statusClass(status: number): ErrorClass {
  if (status === 429) return 'rate_limited';
  // 408: the server gave up waiting for the request, so it never processed it.
  if (status === 408) return 'transient';
  if (status >= 500) return 'ambiguous';
  if (status >= 400) return 'permanent';
  return 'ambiguous';
}

/**
 * How long the broker asked us to wait, in ms from `now`: an explicit `retryAfterMs` (BrokerError,
 * the Alpaca SDK), else `Retry-After` (seconds or an HTTP date), else `X-RateLimit-Reset` (epoch
 * seconds), else the SDK's parsed `rateLimit.reset`. Undefined when the error says nothing.
 */
export function retryAfterMs(error: unknown, now: number): number | undefined {
  for (const link of causes(error)) {
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
  }
  return undefined;
}

/** A few characters naming the failure for a log line: `503`, `429`, `timeout`, `ECONNRESET`, `rejected`. */
export function errorLabel(error: unknown): string {
  for (const link of causes(error)) {
    // The broker's own verdict reads better than the status it came with (422 says less than not_cancelable).
    if (link instanceof BrokerError && KIND_CLASS[link.kind] === 'permanent') return link.kind;
    const status = httpStatus(link);
    if (status !== undefined) return String(status);
    if (isTimeout(link)) return 'timeout';
    const code = errorCode(link);
    if (code !== undefined) return code;
    if (link.name === 'AbortError') return 'aborted';
  }
  if (error instanceof BrokerError) return error.kind;
  return error instanceof Error ? error.name : 'error';
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
