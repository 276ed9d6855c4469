import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseDecimal, type Decimal } from '../../domain/decimal.js';
import { normalizeSymbol } from '../../domain/symbol.js';
import type { SimExchange } from '../sim/sim-exchange.js';
import type { EmulatorAccounts } from './accounts.js';
import { parseEmulatorFaults } from './emulator-faults.js';
import { sendEmpty, sendJson } from './http-io.js';
import type { RateLimits } from './rate-limit.js';
import { ok, type Answer } from './route.js';

/** Where the test-only admin API lives; it needs no Alpaca key and is not rate limited. */
export const ADMIN_PATH_PREFIX = '/admin/';

/** Fault specs and prices are a line or two; anything longer is not one. */
const MAX_BODY_BYTES = 16 * 1024;

/** A bad admin request: answered 400 with this one line. */
class AdminInputError extends Error {}

/** What the admin API reaches: the accounts it steers and the rate limits a reset gives back. */
export interface AdminTargets {
  readonly accounts: EmulatorAccounts;
  readonly limits: RateLimits;
}

interface AdminRequest {
  readonly targets: AdminTargets;
  readonly query: URLSearchParams;
  readonly body: () => Promise<string>;
}

type AdminHandler = (request: AdminRequest) => Promise<Answer>;

const ENDPOINTS: Readonly<Record<string, AdminHandler>> = {
  'POST /admin/reset': reset,
  'GET /admin/ledger': ledger,
  'POST /admin/faults': faults,
  'POST /admin/price': price,
  'POST /admin/stream-outage': streamOutage,
};

export function isAdminRequest(request: IncomingMessage): boolean {
  return (request.url ?? '/').startsWith(ADMIN_PATH_PREFIX);
}

/**
 * Answers one admin request. The emulator listens on loopback only, so only this machine reaches it:
 * it lets a test reset accounts, read an account's ledger, inject faults, set a price and take the
 * trade stream down.
 */
export async function serveAdmin(targets: AdminTargets, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://emulator');
  const handler = ENDPOINTS[`${request.method ?? 'GET'} ${url.pathname}`];
  let answer: Answer;
  try {
    answer =
      handler === undefined
        ? { status: 404, body: { message: `no admin endpoint ${request.method ?? 'GET'} ${url.pathname} (there are ${Object.keys(ENDPOINTS).join(', ')})` } }
        : await handler({ targets, query: url.searchParams, body: () => readText(request) });
  } catch (error) {
    answer = { status: error instanceof AdminInputError ? 400 : 500, body: { message: error instanceof Error ? error.message : String(error) } };
  }
  if (response.destroyed) return;
  if (answer.body === undefined) sendEmpty(response, answer.status);
  else sendJson(response, answer.status, answer.body);
}

/**
 * `?key=K` drops that account, no key drops them all; a dropped key's next request starts it
 * afresh, with its whole rate budget. Faults stay as set (POST /admin/faults `none` clears them).
 */
async function reset({ targets, query }: AdminRequest): Promise<Answer> {
  const key = query.get('key');
  if (key === null) {
    await targets.accounts.close();
    targets.limits.forget();
  } else {
    await targets.accounts.drop(nonEmptyKey(key));
    targets.limits.forget(key);
  }
  return { status: 204 };
}

/** The account's books as its exchange keeps them, money and quantities as exact decimal strings. */
async function ledger({ targets, query }: AdminRequest): Promise<Answer> {
  const exchange = account(targets, query);
  await exchange.settled();
  const { orders, fills, cash, positions } = exchange.snapshot();
  return ok({ orders, fills, cash, positions });
}

/**
 * The body is a fault spec as `blotter emulator --faults` takes it (`chaos`, `drop=0.1,replay=5%`,
 * `none`), as text or a JSON string. With `?key=K` it is that key's (now, or from its first
 * request), without it every other account's.
 */
async function faults({ targets, query, body }: AdminRequest): Promise<Answer> {
  const key = query.get('key');
  const spec = faultSpec(await body());
  const parsed = asInput(() => parseEmulatorFaults(spec));
  asInput(() => targets.accounts.setFaults(parsed, key === null ? undefined : nonEmptyKey(key)));
  return ok({ faults: parsed });
}

/** `{symbol, bid, ask}` (and optionally `last`), as decimal strings or numbers. */
async function price({ targets, query, body }: AdminRequest): Promise<Answer> {
  const exchange = account(targets, query);
  const fields = jsonObject(await body(), 'a price: {"symbol":"AAPL","bid":"100.00","ask":"100.02"} (optional: last, bidSize, askSize)');
  const symbol = priceSymbol(exchange, fields['symbol']);
  const bid = positiveDecimal(fields, 'bid');
  const ask = positiveDecimal(fields, 'ask');
  if (bid.gt(ask)) throw new AdminInputError(`bid ${bid.toString()} is above ask ${ask.toString()}: give a bid at or below the ask`);
  const optional = (name: string) => (fields[name] === undefined ? undefined : positiveDecimal(fields, name));
  const last = optional('last');
  const bidSize = optional('bidSize');
  const askSize = optional('askSize');
  const quote = exchange.setQuote(symbol, {
    bid,
    ask,
    ...(last !== undefined && { last }),
    ...(bidSize !== undefined && { bidSize }),
    ...(askSize !== undefined && { askSize }),
  });
  return ok({ symbol: quote.symbol, bid: quote.bid.toString(), ask: quote.ask.toString(), last: quote.last.toString() });
}

/** `?ms=N` takes the account's trade stream down for N ms (updates meanwhile are lost); `ms=0` ends an outage under way. */
async function streamOutage({ targets, query }: AdminRequest): Promise<Answer> {
  const exchange = account(targets, query);
  const text = query.get('ms') ?? '';
  if (!/^\d{1,9}$/.test(text)) throw new AdminInputError(`ms is ${JSON.stringify(text)}: give the outage's length in milliseconds, e.g. ?ms=5000 (0 ends one)`);
  const ms = Number(text);
  if (ms === 0) exchange.endStreamOutage();
  else exchange.startStreamOutage(ms);
  return { status: 204 };
}

function account(targets: AdminTargets, query: URLSearchParams): SimExchange {
  const key = nonEmptyKey(query.get('key') ?? '');
  const exchange = targets.accounts.exchange(key);
  if (exchange === undefined) throw new AdminInputError(`no account has key id ${JSON.stringify(key)} yet: an account starts with its key's first authenticated request`);
  return exchange;
}

function nonEmptyKey(key: string): string {
  if (key === '') throw new AdminInputError("give the account's key id, e.g. ?key=PKTEST");
  return key;
}

function faultSpec(text: string): string {
  let spec = text.trim();
  if (spec.startsWith('"')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(spec);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'string') throw new AdminInputError('the body is not a valid JSON string: give a fault spec such as chaos, drop=0.1 or none, as text or "chaos"');
    spec = parsed.trim();
  }
  if (spec === '') throw new AdminInputError('the body is empty: give a fault spec such as chaos, drop=0.1 or none');
  return spec;
}

function priceSymbol(exchange: SimExchange, value: unknown): string {
  const symbol = typeof value === 'string' ? normalizeSymbol(value) : '';
  if (!exchange.symbols().includes(symbol)) {
    throw new AdminInputError(`symbol is ${JSON.stringify(value)}: give one the emulator quotes (${exchange.symbols().join(', ')})`);
  }
  return symbol;
}

function positiveDecimal(fields: Readonly<Record<string, unknown>>, name: string): Decimal {
  const value = fields[name];
  const amount = typeof value === 'string' || typeof value === 'number' ? parseDecimal(String(value)) : undefined;
  if (amount === undefined || !amount.gt(0)) {
    throw new AdminInputError(`${name} is ${JSON.stringify(value)}: give a price above 0 as a decimal string, e.g. "100.02"`);
  }
  return amount;
}

function jsonObject(text: string, expected: string): Readonly<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AdminInputError(`the body is not valid JSON: expected ${expected}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AdminInputError(`the body is not a JSON object: expected ${expected}`);
  return value as Readonly<Record<string, unknown>>;
}

function asInput<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new AdminInputError(error instanceof Error ? error.message : String(error));
  }
}

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AdminInputError(`the body is over ${MAX_BODY_BYTES} bytes; a fault spec or a price is far shorter`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
