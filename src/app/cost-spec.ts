import { dec, type Decimal } from '../domain/decimal.js';

/**
 * What the simulated exchange charges per execution, as plain data: the factory builds the model.
 * `percent` is of the execution's notional (0.1 is 0.1 %); `bps:N` is read as percent N/100.
 */
export type CommissionSpec =
  | { readonly model: 'none' }
  | { readonly model: 'per-share'; readonly perShare: Decimal; readonly minimum: Decimal }
  | { readonly model: 'percent'; readonly percent: Decimal }
  | { readonly model: 'fixed'; readonly amount: Decimal };

/**
 * How the simulated exchange's execution price is worse than the quote, in basis points: the same on
 * every execution (`bps`), or growing with the share of the displayed size an execution takes (`size`).
 */
export type SlippageSpec =
  | { readonly model: 'none' }
  | { readonly model: 'bps'; readonly bps: Decimal }
  | { readonly model: 'size'; readonly bpsPerDisplayedSize: Decimal; readonly baseBps: Decimal; readonly maxBps?: Decimal };

const COMMISSION_FORMS = 'none, per-share:0.005[,min:1], percent:0.1, bps:1 or fixed:1 (dollars per share, % or bps of notional, dollars per order)';
const SLIPPAGE_FORMS = 'none, bps:2 or size:10[,base:1][,max:50] (basis points; size: at an execution as large as the displayed size)';
/** Ten percent: past it a "slippage" is a typo, not a market. */
const MAX_SLIPPAGE_BPS = 1000;

/** Reads `--commission`; throws an Error of one line naming what was wrong and the forms it takes. */
export function parseCommissionSpec(text: string): CommissionSpec {
  return withForms(text, COMMISSION_FORMS, (spec) => {
    switch (spec.model) {
      case 'none':
        return none(spec);
      case 'per-share':
        allowOnly(spec, ['min']);
        return { model: 'per-share', perShare: amount(spec.value, 'per-share', '1'), minimum: amount(spec.options.get('min') ?? '0', 'min') };
      case 'percent':
        allowOnly(spec, []);
        return { model: 'percent', percent: amount(spec.value, 'percent', '100') };
      case 'bps':
        allowOnly(spec, []);
        return { model: 'percent', percent: amount(spec.value, 'bps', '10000').div(100) };
      case 'fixed':
        allowOnly(spec, []);
        return { model: 'fixed', amount: amount(spec.value, 'fixed') };
      default:
        throw new Error(`unknown commission model ${spec.model}`);
    }
  });
}

/** Reads `--slippage`; throws an Error of one line naming what was wrong and the forms it takes. */
export function parseSlippageSpec(text: string): SlippageSpec {
  const most = String(MAX_SLIPPAGE_BPS);
  return withForms(text, SLIPPAGE_FORMS, (spec) => {
    switch (spec.model) {
      case 'none':
        return none(spec);
      case 'bps':
        allowOnly(spec, []);
        return { model: 'bps', bps: amount(spec.value, 'bps', most) };
      case 'size': {
        allowOnly(spec, ['base', 'max']);
        const max = spec.options.get('max');
        return {
          model: 'size',
          bpsPerDisplayedSize: amount(spec.value, 'size', most),
          baseBps: amount(spec.options.get('base') ?? '0', 'base', most),
          ...(max !== undefined && { maxBps: amount(max, 'max', most) }),
        };
      }
      default:
        throw new Error(`unknown slippage model ${spec.model}`);
    }
  });
}

interface SpecParts {
  readonly model: string;
  readonly value: string | undefined;
  readonly options: ReadonlyMap<string, string>;
}

function withForms<T>(text: string, forms: string, read: (spec: SpecParts) => T): T {
  try {
    return read(specParts(text));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; use ${forms}`);
  }
}

/** `model[:value][,key:value…]`, names in any case. */
function specParts(text: string): SpecParts {
  const [head = '', ...rest] = text.trim().toLowerCase().split(',').map((part) => part.trim());
  if (head === '') throw new Error('nothing given');
  const [model, value] = split(head);
  const options = new Map<string, string>();
  for (const part of rest) {
    const [key, option] = split(part);
    if (key === '' || option === undefined) throw new Error(`"${part}" is not key:value`);
    if (options.has(key)) throw new Error(`${key} is given twice`);
    options.set(key, option);
  }
  return { model, value, options };
}

/** At the first colon: a value may not hold one, so `a:1:2` is refused as a number rather than cut. */
function split(part: string): [string, string | undefined] {
  const colon = part.indexOf(':');
  return colon < 0 ? [part, undefined] : [part.slice(0, colon).trim(), part.slice(colon + 1).trim()];
}

function none(spec: SpecParts): { readonly model: 'none' } {
  if (spec.value !== undefined) throw new Error('none takes no value');
  allowOnly(spec, []);
  return { model: 'none' };
}

function allowOnly(spec: SpecParts, keys: readonly string[]): void {
  for (const key of spec.options.keys()) {
    if (!keys.includes(key)) throw new Error(`${spec.model} takes ${keys.length === 0 ? 'no options' : keys.map((k) => `${k}:N`).join(', ')}, not ${key}`);
  }
}

/** A non-negative decimal, at most `most`. */
function amount(text: string | undefined, name: string, most?: string): Decimal {
  if (text === undefined || text === '') throw new Error(`${name} needs a number, e.g. ${name}:1`);
  if (!/^\d{1,9}(\.\d{1,6})?$/.test(text)) throw new Error(`${name}:${text} is not a non-negative number`);
  const value = dec(text);
  if (most !== undefined && value.gt(most)) throw new Error(`${name}:${text} is more than ${most}`);
  return value;
}
