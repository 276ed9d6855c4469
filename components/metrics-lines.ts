import { METRIC, type HistogramSummary, type MetricsSnapshot } from '../src/core/metrics.js';
import { FRAME_METRIC } from '../store/frame-budget.js';
import type { StrategyMetrics } from '../store/strategy-metrics.js';
import { formatCount, formatMillis } from './format.js';
import type { Color } from './segments.js';

/** One line of the metrics pane: a short label and the figures. */
export interface MetricsLine {
  readonly label: string;
  readonly text: string;
  readonly color?: Color;
}

/** How fills are found, fastest first: the order a trader reads the latencies in. */
const DETECTION_METHODS = ['stream', 'poll', 'final_check', 'reconcile'];

/** A series' label from its snapshot key: `retries{transient}` → `transient`, `retries` → ''. */
function labelOf(key: string, name: string): string | undefined {
  if (key === name) return '';
  return key.startsWith(`${name}{`) && key.endsWith('}') ? key.slice(name.length + 1, -1) : undefined;
}

/** Every series of a counter with its total; labels largest first. */
function counter(counters: Readonly<Record<string, number>>, name: string): { total: number; labels: [string, number][] } {
  let total = 0;
  const labels: [string, number][] = [];
  for (const [key, value] of Object.entries(counters)) {
    const label = labelOf(key, name);
    if (label === undefined) continue;
    total += value;
    if (label !== '') labels.push([label, value]);
  }
  labels.sort(([la, a], [lb, b]) => b - a || (la < lb ? -1 : la > lb ? 1 : 0));
  return { total, labels };
}

/** `3 (transient 2, rate_limited 1)`, or `none`. */
function breakdown(counters: Readonly<Record<string, number>>, name: string): { text: string; total: number } {
  const { total, labels } = counter(counters, name);
  if (total === 0) return { text: 'none', total };
  const detail = labels.length === 0 ? '' : ` (${labels.map(([label, value]) => `${label} ${formatCount(value)}`).join(', ')})`;
  return { text: `${formatCount(total)}${detail}`, total };
}

function percentiles(h: HistogramSummary): string {
  return `p50 ${formatMillis(h.p50)} p99 ${formatMillis(h.p99)}`;
}

function detectionLines(histograms: Readonly<Record<string, HistogramSummary>>): MetricsLine[] {
  const byMethod = new Map<string, HistogramSummary>();
  for (const [key, summary] of Object.entries(histograms)) {
    const method = labelOf(key, METRIC.detectionLatency);
    if (method !== undefined) byMethod.set(method === '' ? 'unknown' : method, summary);
  }
  const rank = (method: string): number => {
    const i = DETECTION_METHODS.indexOf(method);
    return i < 0 ? DETECTION_METHODS.length : i;
  };
  const methods = [...byMethod].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1));
  if (methods.length === 0) return [{ label: 'detection', text: 'no fill detected yet' }];
  // The label once, as in a grouped table.
  return methods.map(([method, h], i) => ({
    label: i === 0 ? 'detection' : '',
    text: `${method} ${percentiles(h)} n=${formatCount(h.count)}`,
  }));
}

/** `5 (all_in_use 3, limit 2)`, largest first, or `none`. */
function refusalText(refusedBy: StrategyMetrics['refusedBy']): { text: string; total: number } {
  const reasons = Object.entries(refusedBy).filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0);
  reasons.sort(([ra, a], [rb, b]) => b - a || (ra < rb ? -1 : ra > rb ? 1 : 0));
  const total = reasons.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return { text: 'none', total };
  return { text: `${formatCount(total)} (${reasons.map(([reason, n]) => `${reason} ${formatCount(n)}`).join(', ')})`, total };
}

/**
 * Signal slots (yellow while every one is taken: the next signal will be refused), signals refused
 * by why, and the time from signal to order of each strategy that has signalled.
 */
function strategyLines(figures: StrategyMetrics): MetricsLine[] {
  const { slots } = figures;
  const refused = refusalText(figures.refusedBy);
  return [
    {
      label: 'slots',
      text: `in use ${formatCount(slots.inUse)}/${formatCount(slots.capacity)} · peak ${formatCount(slots.peak)} · taken ${formatCount(slots.taken)}`,
      color: slots.inUse >= slots.capacity ? 'yellow' : undefined,
    },
    { label: 'refused', text: refused.text, color: refused.total > 0 ? 'yellow' : undefined },
    ...(figures.latency.length === 0
      ? [{ label: 'sig→order', text: 'no signal yet' }]
      : // The label once, as in a grouped table.
        figures.latency.map(({ id, signals, p50Ms, p99Ms }, i) => ({
          label: i === 0 ? 'sig→order' : '',
          text: `${id} p50 ${formatMillis(p50Ms)} p99 ${formatMillis(p99Ms)} n=${formatCount(signals)}`,
        }))),
  ];
}

/**
 * The metrics pane's lines, most telling first so a short pane keeps what matters: fills, how fast
 * they were detected by each method, retries and errors, the strategies' slots and signals (given
 * only once a strategy has been started), the symbol lanes' queues, then the rest.
 */
export function metricsLines(snapshot: MetricsSnapshot, strategies?: StrategyMetrics): MetricsLine[] {
  const { counters, gauges, histograms } = snapshot;
  const applied = counter(counters, METRIC.fillsApplied).total;
  const duplicate = counter(counters, METRIC.fillsDuplicate).total;
  // Which way inferred fills were found shows in the detection lines' counts.
  const inferred = counter(counters, METRIC.fillsInferred).total;
  const retries = breakdown(counters, METRIC.retries);
  const errors = breakdown(counters, METRIC.apiErrors);
  const depth = gauges[METRIC.queueDepth];
  const wait = histograms[METRIC.laneWait];
  const reconcileRuns = counter(counters, METRIC.reconcileRuns).total;
  const findings = counter(counters, METRIC.reconcileFindings).total;
  const frames = histograms[FRAME_METRIC];
  return [
    {
      label: 'fills',
      text: `applied ${formatCount(applied)} · dup ${formatCount(duplicate)} · inferred ${formatCount(inferred)}`,
    },
    ...detectionLines(histograms),
    { label: 'retries', text: retries.text, color: retries.total > 0 ? 'yellow' : undefined },
    { label: 'api errors', text: errors.text, color: errors.total > 0 ? 'red' : undefined },
    ...(strategies === undefined ? [] : strategyLines(strategies)),
    { label: 'queue', text: depth === undefined ? '—' : `depth ${formatCount(depth.value)} (max ${formatCount(depth.max)})` },
    { label: 'lock wait', text: wait === undefined ? '—' : `${percentiles(wait)} n=${formatCount(wait.count)}` },
    { label: 'reconcile', text: `runs ${formatCount(reconcileRuns)} · findings ${formatCount(findings)}` },
    {
      label: 'safety',
      text: `timed out ${formatCount(counter(counters, METRIC.ordersTimedOut).total)} · halts ${formatCount(counter(counters, METRIC.halts).total)}`,
    },
    { label: 'api calls', text: breakdown(counters, METRIC.apiCalls).text },
    ...(frames === undefined ? [] : [{ label: 'frames', text: `drawn in ${percentiles(frames)} n=${formatCount(frames.count)}` }]),
  ];
}
