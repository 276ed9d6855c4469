import { Decimal, formatAmount } from '../domain/decimal.js';

/**
 * Counters, gauges and latency histograms of the execution core, for the console's `metrics`
 * command and pane and for the headless JSON report. Figures are plain JS numbers: they count
 * events and milliseconds, never money.
 *
 * A series is a name plus an optional label, written `name{label}` in a snapshot. The label `''`
 * is the same as no label. Labels are plain words (no braces).
 */
export const METRIC = {
  /** Counter: fills booked to an order and the portfolio. */
  fillsApplied: 'fills.applied',
  /** Counter: fills seen again (stream and poll, replays) and dropped. */
  fillsDuplicate: 'fills.duplicate',
  /** Counter: fills the stream did not deliver, found another way; label poll | final_check | reconcile. */
  fillsInferred: 'fills.inferred',
  /** Histogram (ms) from the exchange's fill to the core applying it; label stream | poll | final_check | reconcile. */
  detectionLatency: 'detection.latency',
  /** Counter: retries; label transient | rate_limited | ambiguous. */
  retries: 'retries',
  /** Counter: broker errors; label transient | rate_limited | permanent | ambiguous. */
  apiErrors: 'api.errors',
  /** Counter: broker calls; label the operation (submit, cancel, get, list, …). */
  apiCalls: 'api.calls',
  /** Gauge: depth of the symbol lane just used; the snapshot keeps the max seen. */
  queueDepth: 'queue.depth',
  /** Histogram (ms) a task waited in its symbol lane before running. */
  laneWait: 'lane.wait',
  /** Counter: working orders cancelled by their timeout. */
  ordersTimedOut: 'orders.timed_out',
  /** Counter: reconciliation passes; label startup | reconnect | periodic. */
  reconcileRuns: 'reconcile.runs',
  /** Counter: differences reconciliation found and fixed (fills, transitions, adoptions, positions); label as runs. */
  reconcileFindings: 'reconcile.findings',
  /** Counter: times trading was halted (by the circuit breaker or by hand). */
  halts: 'halts',
} as const;

/*
 * Histogram scheme: logarithmic buckets as in DDSketch. Bucket i holds (L·γ^(i−1), L·γ^i] and is read
 * back as 2·L·γ^i / (γ + 1), which is within α of every value in it, so each percentile is within 1%
 * of a value of the recorded distribution. Recording is one log and one array increment, with no
 * sorting and no allocation; memory is fixed (~1,300 buckets, 10 KB per series) whatever the
 * count. Fixed linear buckets would need either coarse steps (useless for sub-ms handling time) or
 * thousands more buckets to cover timeouts of minutes; an exact reservoir would sort on read and grow
 * without bound at 50,000 fills/s.
 */
const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Resolution floor: values below 1 µs are kept together (read back within 1 µs). */
const LOWEST_MS = 0.001;
/** ~28 hours; anything longer shares the last bucket (and max stays exact). */
const HIGHEST_MS = 1e8;
const BUCKETS = Math.ceil(Math.log(HIGHEST_MS / LOWEST_MS) / LOG_GAMMA) + 1;

export interface HistogramSummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export class LatencyHistogram {
  private readonly buckets = new Float64Array(BUCKETS);
  private belowLowest = 0;
  private total = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;

  /**
   * Non-finite values are dropped; negative ones count as 0 (broker timestamps and the local clock
   * can disagree by a little, and a latency below zero means "at once").
   */
  record(ms: number): void {
    if (!Number.isFinite(ms)) return;
    const value = ms > 0 ? ms : 0;
    this.total += 1;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value < LOWEST_MS) {
      this.belowLowest += 1;
      return;
    }
    const index = Math.min(BUCKETS - 1, Math.ceil(Math.log(value / LOWEST_MS) / LOG_GAMMA));
    this.buckets[index]! += 1;
  }

  get count(): number {
    return this.total;
  }

  /** Nearest-rank percentile, `q` in (0, 1]; NaN when nothing was recorded. */
  percentile(q: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = this.belowLowest;
    let estimate = 0;
    for (let i = 0; seen < rank && i < BUCKETS; i++) {
      seen += this.buckets[i]!;
      estimate = (2 * LOWEST_MS * GAMMA ** i) / (GAMMA + 1);
    }
    // Every recorded value lies in [min, max], so clamping can only bring the estimate closer.
    return Math.min(this.max, Math.max(this.min, estimate));
  }

  summary(): HistogramSummary {
    return {
      count: this.total,
      mean: this.total === 0 ? NaN : this.sum / this.total,
      p50: this.percentile(0.5),
      p90: this.percentile(0.9),
      p99: this.percentile(0.99),
      max: this.total === 0 ? NaN : this.max,
    };
  }
}

export interface GaugeReading {
  readonly value: number;
  readonly max: number;
}

/** Plain JSON: keys sorted, histogram figures in ms rounded to the microsecond. */
export interface MetricsSnapshot {
  readonly counters: Readonly<Record<string, number>>;
  readonly gauges: Readonly<Record<string, GaugeReading>>;
  readonly histograms: Readonly<Record<string, HistogramSummary>>;
}

/** A counter's or a gauge's value; only gauges use `max`. */
class Cell {
  value = 0;
  max = -Infinity;
}

/** name → label ('' for none) → series. Two lookups instead of a joined key: no string built per record. */
type Table<T> = Map<string, Map<string, T>>;

const newCell = (): Cell => new Cell();
const newHistogram = (): LatencyHistogram => new LatencyHistogram();

export class Metrics {
  private readonly counters: Table<Cell> = new Map();
  private readonly gauges: Table<Cell> = new Map();
  private readonly histograms: Table<LatencyHistogram> = new Map();

  count(name: string, label?: string, by = 1): void {
    series(this.counters, name, label, newCell).value += by;
  }

  /** Sets the current value; the snapshot also reports the highest value ever set. */
  gauge(name: string, value: number, label?: string): void {
    const cell = series(this.gauges, name, label, newCell);
    cell.value = value;
    if (value > cell.max) cell.max = value;
  }

  observe(name: string, ms: number, label?: string): void {
    series(this.histograms, name, label, newHistogram).record(ms);
  }

  snapshot(): MetricsSnapshot {
    return {
      counters: sortedRecord(this.counters, (cell) => cell.value),
      gauges: sortedRecord(this.gauges, (cell) => ({ value: cell.value, max: cell.max })),
      // A series whose every value was dropped (non-finite) has nothing to show.
      histograms: sortedRecord(this.histograms, (histogram) =>
        histogram.count === 0 ? undefined : roundSummary(histogram.summary()),
      ),
    };
  }
}

function series<T>(table: Table<T>, name: string, label: string | undefined, create: () => T): T {
  let byLabel = table.get(name);
  if (byLabel === undefined) {
    byLabel = new Map();
    table.set(name, byLabel);
  }
  const key = label ?? '';
  let found = byLabel.get(key);
  if (found === undefined) {
    found = create();
    byLabel.set(key, found);
  }
  return found;
}

function seriesKey(name: string, label?: string): string {
  return label === undefined || label === '' ? name : `${name}{${label}}`;
}

function sortedRecord<T, R>(table: Table<T>, read: (value: T) => R | undefined): Record<string, R> {
  const entries: [string, R][] = [];
  for (const [name, byLabel] of table) {
    for (const [label, value] of byLabel) {
      const reading = read(value);
      if (reading !== undefined) entries.push([seriesKey(name, label), reading]);
    }
  }
  // Code-point order, not localeCompare: the same snapshot text on every machine.
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

function roundSummary(summary: HistogramSummary): HistogramSummary {
  const micros = (ms: number): number => Math.round(ms * 1000) / 1000;
  return {
    count: summary.count,
    mean: micros(summary.mean),
    p50: micros(summary.p50),
    p90: micros(summary.p90),
    p99: micros(summary.p99),
    max: micros(summary.max),
  };
}

interface ParsedKey {
  readonly name: string;
  readonly label: string;
}

function parseKey(key: string): ParsedKey {
  const open = key.indexOf('{');
  if (open < 0 || !key.endsWith('}')) return { name: key, label: '' };
  return { name: key.slice(0, open), label: key.slice(open + 1, -1) };
}

function words(name: string): string {
  return name.replaceAll('.', ' ').replaceAll('_', ' ');
}

function family(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

function formatCount(value: number): string {
  return formatAmount(new Decimal(value), Number.isInteger(value) ? 0 : 2);
}

function formatMs(ms: number): string {
  if (ms < 10) return `${Number(ms.toPrecision(2))}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  return seconds < 10 ? `${seconds.toFixed(1)}s` : `${Math.round(seconds)}s`;
}

/**
 * Short lines for the `metrics` command and pane: one per counter family (`fills applied 1,204 ·
 * duplicate 31`, labels in parentheses, largest first), one per gauge, one per histogram series
 * (`detection stream p50 4ms p99 18ms max 40ms (n=1,204)`).
 */
export function formatMetrics(snapshot: MetricsSnapshot): string[] {
  return [...counterLines(snapshot.counters), ...gaugeLines(snapshot.gauges), ...histogramLines(snapshot.histograms)];
}

function counterLines(counters: Readonly<Record<string, number>>): string[] {
  const byName = new Map<string, { total: number; labels: [string, number][] }>();
  for (const [key, value] of Object.entries(counters)) {
    const { name, label } = parseKey(key);
    const entry = byName.get(name) ?? { total: 0, labels: [] };
    entry.total += value;
    if (label !== '') entry.labels.push([label, value]);
    byName.set(name, entry);
  }
  const families = new Map<string, string[]>();
  for (const [name, { total, labels }] of byName) {
    const parts = families.get(family(name)) ?? [];
    const rest = name.slice(family(name).length + 1);
    const title = parts.length === 0 || rest === '' ? words(name) : words(rest);
    labels.sort(([la, a], [lb, b]) => b - a || (la < lb ? -1 : la > lb ? 1 : 0));
    const detail = labels.length === 0 ? '' : ` (${labels.map(([l, v]) => `${l} ${formatCount(v)}`).join(', ')})`;
    parts.push(`${title} ${formatCount(total)}${detail}`);
    families.set(family(name), parts);
  }
  return [...families.values()].map((parts) => parts.join(' · '));
}

function gaugeLines(gauges: Readonly<Record<string, GaugeReading>>): string[] {
  return Object.entries(gauges).map(([key, { value, max }]) => {
    const { name, label } = parseKey(key);
    const title = label === '' ? words(name) : `${words(name)} ${label}`;
    return `${title} ${formatCount(value)} (max ${formatCount(max)})`;
  });
}

function histogramLines(histograms: Readonly<Record<string, HistogramSummary>>): string[] {
  return Object.entries(histograms).map(([key, h]) => {
    const { name, label } = parseKey(key);
    // Figures in ms already say it is a latency: `detection.latency{stream}` reads `detection stream`.
    const base = words(name.endsWith('.latency') ? name.slice(0, -'.latency'.length) : name);
    const title = label === '' ? base : `${base} ${label}`;
    return `${title} p50 ${formatMs(h.p50)} p99 ${formatMs(h.p99)} max ${formatMs(h.max)} (n=${formatCount(h.count)})`;
  });
}
