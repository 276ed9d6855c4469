/**
 * The statistics of one run as a table of label, value and unit, in backtesting.py's order (the
 * report traders already compare with): the period, equity and returns, risk, drawdowns, trades.
 */

/** Every statistic the table shows, by its stable name (the --json report's). */
export type StatisticName =
  | 'start'
  | 'end'
  | 'durationDays'
  | 'exposurePct'
  | 'equityFinal'
  | 'equityPeak'
  | 'returnPct'
  | 'buyHoldReturnPct'
  | 'returnAnnPct'
  | 'volatilityAnnPct'
  | 'cagrPct'
  | 'sharpe'
  | 'sortino'
  | 'calmar'
  | 'maxDrawdownPct'
  | 'avgDrawdownPct'
  | 'maxDrawdownDays'
  | 'avgDrawdownDays'
  | 'trades'
  | 'winRatePct'
  | 'bestTradePct'
  | 'worstTradePct'
  | 'avgTradePct'
  | 'maxTradeDays'
  | 'avgTradeDays'
  | 'profitFactor'
  | 'profitFactorMoney'
  | 'expectancyPct'
  | 'sqn';

/** Null where a statistic is undefined (no trades, no losses, no volatility). */
export type StatisticValues = Readonly<Record<StatisticName, number | string | null>>;

type Format = 'time' | 'days' | 'pct' | 'money' | 'ratio' | 'count';

interface Row {
  readonly name: StatisticName;
  readonly label: string;
  readonly format: Format;
}

export const STATISTIC_ROWS: readonly Row[] = [
  { name: 'start', label: 'Start', format: 'time' },
  { name: 'end', label: 'End', format: 'time' },
  { name: 'durationDays', label: 'Duration', format: 'days' },
  { name: 'exposurePct', label: 'Exposure time', format: 'pct' },
  { name: 'equityFinal', label: 'Equity final', format: 'money' },
  { name: 'equityPeak', label: 'Equity peak', format: 'money' },
  { name: 'returnPct', label: 'Return', format: 'pct' },
  { name: 'buyHoldReturnPct', label: 'Buy & hold return', format: 'pct' },
  { name: 'returnAnnPct', label: 'Return (ann.)', format: 'pct' },
  { name: 'volatilityAnnPct', label: 'Volatility (ann.)', format: 'pct' },
  { name: 'cagrPct', label: 'CAGR', format: 'pct' },
  { name: 'sharpe', label: 'Sharpe ratio', format: 'ratio' },
  { name: 'sortino', label: 'Sortino ratio', format: 'ratio' },
  { name: 'calmar', label: 'Calmar ratio', format: 'ratio' },
  { name: 'maxDrawdownPct', label: 'Max. drawdown', format: 'pct' },
  { name: 'avgDrawdownPct', label: 'Avg. drawdown', format: 'pct' },
  { name: 'maxDrawdownDays', label: 'Max. drawdown duration', format: 'days' },
  { name: 'avgDrawdownDays', label: 'Avg. drawdown duration', format: 'days' },
  { name: 'trades', label: 'Trades', format: 'count' },
  { name: 'winRatePct', label: 'Win rate', format: 'pct' },
  { name: 'bestTradePct', label: 'Best trade', format: 'pct' },
  { name: 'worstTradePct', label: 'Worst trade', format: 'pct' },
  { name: 'avgTradePct', label: 'Avg. trade', format: 'pct' },
  { name: 'maxTradeDays', label: 'Max. trade duration', format: 'days' },
  { name: 'avgTradeDays', label: 'Avg. trade duration', format: 'days' },
  { name: 'profitFactor', label: 'Profit factor', format: 'ratio' },
  { name: 'profitFactorMoney', label: 'Profit factor (money)', format: 'ratio' },
  { name: 'expectancyPct', label: 'Expectancy', format: 'pct' },
  { name: 'sqn', label: 'SQN', format: 'ratio' },
];

const UNITS: Readonly<Record<Format, string>> = { time: '', days: 'days', pct: '%', money: '$', ratio: '', count: '' };
/** What an undefined statistic shows: no value, not a zero a trader could take for one. */
const UNDEFINED = 'n/a';

/**
 * Lines of the table. `exact` overrides a row's value with a decimal's text (the final equity from
 * the exact ledger, to the cent, rather than its float), grouped as the other figures are.
 */
export function renderStatsTable(values: StatisticValues, exact: Partial<Readonly<Record<StatisticName, string>>> = {}): string[] {
  const cells = STATISTIC_ROWS.map((row) => ({ label: row.label, value: exactText(exact[row.name]) ?? formatValue(values[row.name], row.format), unit: UNITS[row.format] }));
  const labelWidth = Math.max(...cells.map((cell) => cell.label.length));
  const valueWidth = Math.max(...cells.map((cell) => cell.value.length));
  return cells.map(({ label, value, unit }) => `${label.padEnd(labelWidth)}  ${value.padStart(valueWidth)}${value === UNDEFINED || unit === '' ? '' : ` ${unit}`}`.trimEnd());
}

function formatValue(value: number | string | null, format: Format): string {
  if (value === null) return UNDEFINED;
  if (typeof value === 'string') return format === 'time' ? shortTime(value) : value;
  switch (format) {
    case 'pct':
    case 'money':
      return grouped(value, 2);
    case 'ratio':
      return grouped(value, 3);
    case 'days':
    case 'count':
    case 'time':
      return grouped(value, 0);
  }
}

function exactText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const [whole = '', fraction] = text.split('.');
  const digits = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? digits : `${digits}.${fraction}`;
}

function grouped(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** An ISO time as a date alone at midnight UTC (daily bars), else to the minute. */
function shortTime(iso: string): string {
  if (/T00:00:00(\.000)?Z$/.test(iso)) return iso.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso;
}
