import { readDuration, type DurationTerms } from '../../kernel/duration.js';
import { CALL_FAULT_KINDS, resolveFaults, type CallFaultKind, type CallFaultRates, type FaultConfig } from './fault-config.js';
import { FAULT_PRESETS, type FaultPresetName } from './fault-presets.js';
import { SIM_OPERATIONS, type SimOperation } from './sim-operations.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Setter = (config: Mutable<FaultConfig>, value: string) => void;

const RATE_KEYS = ['transient', 'rateLimited', 'ambiguous', 'lostResponse', 'ambiguousExecuted', 'drop', 'duplicate', 'cancelRace'] as const;

const SETTERS: Readonly<Record<string, Setter>> = {
  ...Object.fromEntries(RATE_KEYS.map((key) => [key, (config: Mutable<FaultConfig>, value: string) => (config[key] = rate(value))])),
  retryAfter: (config, value) => (config.retryAfterMs = duration(value)),
  delay: (config, value) => {
    const [chance, max] = rateAndDuration(value);
    config.delay = chance;
    if (max !== undefined) config.delayMaxMs = max;
  },
  reorder: (config, value) => {
    const [chance, hold] = rateAndDuration(value);
    config.reorder = chance;
    if (hold !== undefined) config.reorderHoldMs = hold;
  },
  outage: (config, value) => {
    [config.outageEveryMs, config.outageMs] = outage(value);
  },
  restOutage: (config, value) => {
    [config.restOutageEveryMs, config.restOutageMs] = outage(value);
  },
  seed: (config, value) => {
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new Error('must be an integer');
    config.seed = Number(value);
  },
};

const GRAMMAR =
  'valid parts: none, light, chaos, transient=P, rateLimited=P, ambiguous=P, lostResponse=P, <operation>.<kind>=P, ' +
  'ambiguousExecuted=P, retryAfter=DUR, drop=P, duplicate=P, delay=P[/MAXDUR], reorder=P[/HOLDDUR], cancelRace=P, ' +
  'outage=EVERY/DUR|off, restOutage=EVERY/DUR|off, seed=N (P: 0..1 or N%; DUR: 500ms, 2s, 1m)';

/**
 * Reads a compact fault spec, as given to `--faults`: comma-separated parts applied left to right,
 * each a preset (`none`, `light`, `chaos`) or `key=value`, e.g. `chaos,drop=0` or
 * `transient=0.05,drop=10%,delay=0.1/2s,outage=30s/3s,submitOrder.lostResponse=0.2`.
 * Keys ignore case, `-` and `_`. Throws a one-line Error naming the bad part and the valid ones.
 */
export function parseFaultSpec(text: string): FaultConfig {
  const parts = text.split(',').map((part) => part.trim());
  let config: Mutable<FaultConfig> = {};
  for (const part of parts) {
    try {
      config = applyPart(config, part);
    } catch (error) {
      throw new Error(`invalid fault spec part "${part}": ${messageOf(error)}; ${GRAMMAR}`);
    }
  }
  try {
    resolveFaults(config);
  } catch (error) {
    throw new Error(`invalid fault spec "${text.trim()}": ${messageOf(error)}`);
  }
  return config;
}

function applyPart(config: Mutable<FaultConfig>, part: string): Mutable<FaultConfig> {
  if (part === '') throw new Error('empty part');
  const equals = part.indexOf('=');
  if (equals < 0) {
    const preset = presetNamed(part);
    if (preset === undefined) throw new Error(`unknown preset ${part}`);
    return { ...config, ...FAULT_PRESETS[preset] };
  }
  const key = part.slice(0, equals).trim();
  const value = part.slice(equals + 1).trim().toLowerCase();
  const dot = key.indexOf('.');
  if (dot >= 0) return withOperationRate(config, key.slice(0, dot), key.slice(dot + 1), value);
  const setter = Object.entries(SETTERS).find(([name]) => canonical(name) === canonical(key))?.[1];
  if (setter === undefined) throw new Error(`unknown key ${key}`);
  const next = { ...config };
  setter(next, value);
  return next;
}

function withOperationRate(config: Mutable<FaultConfig>, operationName: string, kindName: string, value: string): Mutable<FaultConfig> {
  const operation = SIM_OPERATIONS.find((o) => canonical(o) === canonical(operationName));
  if (operation === undefined) throw new Error(`unknown operation ${operationName} (operations: ${SIM_OPERATIONS.join(', ')})`);
  const kind = CALL_FAULT_KINDS.find((k) => canonical(k) === canonical(kindName));
  if (kind === undefined) throw new Error(`unknown error kind ${kindName} (kinds: ${CALL_FAULT_KINDS.join(', ')})`);
  const operations: { [O in SimOperation]?: CallFaultRates } = { ...config.operations };
  const rates: { [K in CallFaultKind]?: number } = { ...operations[operation] };
  rates[kind] = rate(value);
  operations[operation] = rates;
  return { ...config, operations };
}

function presetNamed(name: string): FaultPresetName | undefined {
  return (Object.keys(FAULT_PRESETS) as FaultPresetName[]).find((preset) => preset === name.toLowerCase());
}

/** A fault key as written, ignoring case, `-` and `_`: `rate_limited` is `rateLimited`. */
export function canonical(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** A probability, as `0.05` or `5%`; throws a line saying what one looks like. */
export function rate(value: string): number {
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(value);
  const number = percent !== null ? Number(percent[1]) / 100 : /^(?:\d+(?:\.\d*)?|\.\d+)$/.test(value) ? Number(value) : NaN;
  if (!(number >= 0 && number <= 1)) throw new Error(`${value || '(nothing)'} is not a probability from 0 to 1 (e.g. 0.05 or 5%)`);
  return number;
}

/** Fault durations are written as every other duration is (`500ms`, `2s`, `1m`). */
const FAULT_DURATION: DurationTerms = { noun: 'duration', units: ['ms', 's', 'm', 'h'], quote: (text) => text || '(nothing)' };

/** A positive duration (`500ms`, `2s`, `1m`); throws a line saying what one looks like. */
export function duration(value: string): number {
  const reading = readDuration(value, FAULT_DURATION);
  if (!reading.ok) throw new Error(reading.problem);
  if (!(reading.ms > 0)) throw new Error(`${value || '(nothing)'} is not a positive duration (e.g. 500ms, 2s, 1m)`);
  return reading.ms;
}

function rateAndDuration(value: string): [number, number | undefined] {
  const [chance = '', ms, extra] = value.split('/');
  if (extra !== undefined) throw new Error('expected P or P/DUR');
  return [rate(chance), ms === undefined ? undefined : duration(ms)];
}

function outage(value: string): [number | undefined, number | undefined] {
  if (value === 'off') return [undefined, undefined];
  const [every, length, extra] = value.split('/');
  if (length === undefined || extra !== undefined || every === undefined) throw new Error('expected EVERY/DUR, e.g. 30s/3s, or off');
  return [duration(every), duration(length)];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
