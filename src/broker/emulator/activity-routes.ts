import { fromFillActivity } from '../alpaca/wire-activity.js';
import { AlpacaWireError } from '../alpaca/wire-fields.js';
import type { FillActivityQuery } from '../port.js';
import { ok, type Answer, type Route, type RouteRequest } from './route.js';

/**
 * The account's activities, as Alpaca's v2 REST serves them, by type (`/v2/account/activities/FILL`)
 * or filtered (`/v2/account/activities?activity_types=FILL`). The simulated account only ever has
 * fills: any other type Alpaca knows is answered with an empty list, and a type it does not know
 * with its 422.
 */
export const ACTIVITY_ROUTES: readonly Route[] = [
  { method: 'GET', path: /^\/v2\/account\/activities\/([^/]+)$/, handle: (request) => activities(request, [request.params[0] as string]) },
  {
    method: 'GET',
    path: /^\/v2\/account\/activities$/,
    handle: (request) => activities(request, request.query.get('activity_types')?.split(',').map((t) => t.trim()) ?? ['FILL']),
  },
];

/** Alpaca's activity types (its account-activities reference). */
const ACTIVITY_TYPES: ReadonlySet<string> = new Set([
  'FILL', 'TRANS', 'MISC', 'ACATC', 'ACATS', 'CFEE', 'CSD', 'CSW', 'DIV', 'DIVCGL', 'DIVCGS', 'DIVFEE', 'DIVFT', 'DIVNRA',
  'DIVROC', 'DIVTW', 'DIVTXEX', 'FEE', 'INT', 'INTNRA', 'INTTW', 'JNL', 'JNLC', 'JNLS', 'MA', 'NC', 'OPASN', 'OPEXP',
  'OPXRC', 'PTC', 'PTR', 'REORG', 'SC', 'SSO', 'SSP',
]);

async function activities({ exchange, query }: RouteRequest, types: readonly string[]): Promise<Answer> {
  const unknown = types.find((type) => !ACTIVITY_TYPES.has(type));
  if (unknown !== undefined) return { status: 422, body: { code: 40010001, message: `invalid activity type: ${unknown}` } };
  if (!types.includes('FILL')) return ok([]);
  const fills = await exchange.listFillActivities(parseActivityQuery(query));
  return ok(fills.map((fill) => fromFillActivity({ ...fill, id: activityId(fill.id) })));
}

/**
 * Alpaca does not promise that a fill activity's id carries the stream's execution id, so the
 * emulator's do not: a client must find a fill seen both ways by its cumulative quantity, as it
 * would have to against Alpaca. The change is one reversible mark, so a page token maps back.
 */
const STREAM_MARK = '-4000-a000-';
const ACTIVITY_MARK = '-4000-b000-';

function activityId(simId: string): string {
  return simId.replace(STREAM_MARK, ACTIVITY_MARK);
}

function simActivityId(id: string): string {
  return id.replace(ACTIVITY_MARK, STREAM_MARK);
}

/** Alpaca's paging: newest first unless `direction=asc`, `page_size` up to 100, `page_token` the last id read. */
function parseActivityQuery(params: URLSearchParams): FillActivityQuery {
  const what = 'activity query';
  for (const unsupported of ['date', 'until', 'after', 'category']) {
    if (params.has(unsupported)) throw new AlpacaWireError(`${what}: "${unsupported}" is not supported by the emulator; page with page_token`);
  }
  const direction = params.get('direction') ?? 'desc';
  if (direction !== 'asc' && direction !== 'desc') throw new AlpacaWireError(`${what}: "direction" is "${direction}", expected asc or desc`);
  const pageSize = params.get('page_size');
  if (pageSize !== null && !/^\d+$/.test(pageSize)) throw new AlpacaWireError(`${what}: "page_size" is "${pageSize}", expected a whole number from 1 to 100`);
  const pageToken = params.get('page_token');
  return {
    newestFirst: direction === 'desc',
    ...(pageSize !== null && { pageSize: Number(pageSize) }),
    ...(pageToken !== null && { afterId: simActivityId(pageToken) }),
  };
}
