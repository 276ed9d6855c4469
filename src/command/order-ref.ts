import { CLIENT_ORDER_ID_PREFIX } from '../domain/client-order-id.js';
import { echo } from './clip.js';
import type { OrderRef } from './intent.js';
import { fail, ok, type Parsed } from './result.js';

const ROW = /^\d+$/;
// Our ids are `blt-` + a ULID: Crockford base32 (no I, L, O, U) whose first character is 0–7.
const ULID_PREFIX = /^[0-7][0-9A-HJKMNP-TV-Z]{0,25}$/i;

export function looksLikeOrderRef(word: string): boolean {
  return word.startsWith('#') || word.toLowerCase().startsWith(CLIENT_ORDER_ID_PREFIX);
}

/** Reads `#12` (row number), `#01JX4` or `blt-01JX4` (id prefix); `verb` shapes the example. */
export function parseOrderRef(word: string, verb: string): Parsed<OrderRef> {
  const hasHash = word.startsWith('#');
  const body = hasHash ? word.slice(1) : word.slice(CLIENT_ORDER_ID_PREFIX.length);
  if (hasHash && ROW.test(body)) {
    const seq = Number(body);
    if (seq >= 1 && Number.isSafeInteger(seq)) return ok({ kind: 'seq', seq });
  } else if (ULID_PREFIX.test(body)) {
    return ok({ kind: 'id', prefix: `${CLIENT_ORDER_ID_PREFIX}${body.toUpperCase()}` });
  }
  return fail(`'${echo(word)}' is not an order: use its row number like #12 or the start of its id like #01JX4, e.g. ${verb} #12`);
}
