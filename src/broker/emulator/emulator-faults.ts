import type { FaultConfig } from '../sim/fault-config.js';
import { canonical, duration, parseFaultSpec, rate } from '../sim/fault-spec.js';

/**
 * What real Alpaca paper accounts do that the simulator's own faults do not model
 * (alpaca-behaviours.md §1.6, §2.1). Rates are probabilities from 0 to 1, durations milliseconds;
 * everything is off unless set.
 */
export interface AlpacaFaults {
  /** POST /v2/orders answers only once the order's first execution or end has gone out on /stream, or `fillBeforeAckMaxMs` passed. */
  readonly fillBeforeAck?: number;
  readonly fillBeforeAckMaxMs?: number;
  /** After a fill, the order's `new` and the fill are sent again with the same execution id; a partial fill is sent twice. */
  readonly replay?: number;
  /** A `fill`, `canceled`, `expired` or `rejected` sent twice. */
  readonly terminalTwice?: number;
  /** A trade update never sent, while the socket stays up and answers pings. */
  readonly silentLoss?: number;
  /** A /stream upgrade answered 429 instead of 101; emulator-wide, since the upgrade comes before any key. */
  readonly upgrade429?: number;
  /** GET /v2/positions shows a fill only this long after it happened. */
  readonly positionLagMs?: number;
}

/** A whole `--faults` spec: the simulator's faults for every account's exchange, and Alpaca's. */
export interface EmulatorFaults {
  readonly sim: FaultConfig;
  readonly alpaca: AlpacaFaults;
}

export const FILL_BEFORE_ACK_MAX_MS = 2000;

/** The Alpaca side of the presets the simulator names; `chaos` meets each of them every few dozen orders. */
const ALPACA_PRESETS: Readonly<Record<string, AlpacaFaults>> = {
  none: {},
  light: { fillBeforeAck: 0.02, replay: 0.01, terminalTwice: 0.01 },
  chaos: { fillBeforeAck: 0.1, replay: 0.05, terminalTwice: 0.05, silentLoss: 0.02, upgrade429: 0.1, positionLagMs: 2000 },
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Setter = (faults: Mutable<AlpacaFaults>, value: string) => void;

const SETTERS: Readonly<Record<string, Setter>> = {
  fillBeforeAck: (faults, value) => {
    const [chance = '', max, extra] = value.split('/');
    if (extra !== undefined) throw new Error('expected P or P/MAXDUR');
    faults.fillBeforeAck = rate(chance);
    if (max !== undefined) faults.fillBeforeAckMaxMs = duration(max);
  },
  replay: (faults, value) => (faults.replay = rate(value)),
  terminalTwice: (faults, value) => (faults.terminalTwice = rate(value)),
  silentLoss: (faults, value) => (faults.silentLoss = rate(value)),
  upgrade429: (faults, value) => (faults.upgrade429 = rate(value)),
  positionLag: (faults, value) => {
    if (value.toLowerCase() === 'off') delete faults.positionLagMs;
    else faults.positionLagMs = duration(value);
  },
};

const ALPACA_PARTS =
  'fillBeforeAck=P[/MAXDUR], replay=P, terminalTwice=P, silentLoss=P, upgrade429=P, positionLag=DUR|off';

/**
 * Reads a fault spec for the emulator: the simulator's parts (`--faults` of `--broker sim`, read by
 * its own parser) mixed with Alpaca's, comma-separated and applied left to right, e.g.
 * `chaos,drop=0,replay=10%,positionLag=2s`. A preset sets both sides. Keys ignore case, `-` and
 * `_`. Throws a one-line Error naming the bad part and the valid ones.
 */
export function parseEmulatorFaults(text: string): EmulatorFaults {
  const simParts: string[] = [];
  let alpaca: Mutable<AlpacaFaults> = {};
  for (const raw of text.split(',')) {
    const part = raw.trim();
    const preset = part.toLowerCase();
    if (Object.hasOwn(ALPACA_PRESETS, preset)) {
      alpaca = { ...alpaca, ...ALPACA_PRESETS[preset] };
      simParts.push(part);
      continue;
    }
    const setter = setterFor(part);
    if (setter === undefined) {
      simParts.push(part);
      continue;
    }
    try {
      setter(alpaca, part.slice(part.indexOf('=') + 1).trim());
    } catch (error) {
      throw new Error(`invalid fault spec part "${part}": ${messageOf(error)}; the emulator's own parts: ${ALPACA_PARTS}, besides the simulator's`);
    }
  }
  return { sim: simParts.length === 0 ? {} : simFaults(simParts.join(',')), alpaca };
}

/** Whether the part is one of Alpaca's `key=value`s; anything else is the simulator's to read or refuse. */
function setterFor(part: string): Setter | undefined {
  const equals = part.indexOf('=');
  if (equals < 0) return undefined;
  const key = canonical(part.slice(0, equals).trim());
  return Object.entries(SETTERS).find(([name]) => canonical(name) === key)?.[1];
}

function simFaults(spec: string): FaultConfig {
  try {
    return parseFaultSpec(spec);
  } catch (error) {
    throw new Error(`${messageOf(error)}; and the emulator's: ${ALPACA_PARTS}`);
  }
}





function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
