/**
 * Bars from CSV text: a header row, then a row per bar, oldest first. The first column holds when
 * the bar began; the others are found by name, in any case and any order: Open, High, Low, Close
 * and, optionally, Volume (0 when absent). Other columns (Adj Close, Dividends) are ignored.
 *
 * Times are ISO dates (2004-08-19, that day's UTC midnight) or date-times (2004-08-19T15:30:00Z,
 * `2004-08-19 15:30`, with a Z or an offset such as -05:00; a date-time without one is UTC, and
 * digits past the millisecond are dropped). Blank lines are skipped anywhere, as pandas does.
 *
 * A bad row is refused, never guessed at, with its line number and what would be right. The text is
 * scanned once by index, and a plain number or date is read from its characters without cutting a
 * string out, so a million rows parse in a fraction of a second.
 */
import type { BarColumns } from '../types.js';
import { parseBarTime, timeHint } from './csv-time.js';
import { parsePlainNumber } from './csv-number.js';

export type CsvBarsResult = { readonly ok: true; readonly bars: BarColumns } | { readonly ok: false; readonly problem: string };

const TIME_HEADERS = new Set(['', 'date', 'time', 'timestamp', 'datetime', 'date time']);
const PRICE_NAMES = ['Open', 'High', 'Low', 'Close'] as const;
const HEADER_FIELDS = 16;
const HEADER_HINT = 'the header needs the date or time first, then Open, High, Low, Close (Volume optional)';

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Where the fields of the record being read lie in the text; a quoted field holding "" is copied out unescaped. */
class RecordReader {
  starts: Int32Array;
  ends: Int32Array;
  unescaped: (string | undefined)[];
  /** Fields in the record just read (those past `width` are counted, not kept). */
  count = 0;
  /** The line the record began on, 1-based. */
  line = 1;
  private pos = 0;
  private nextLine = 1;

  constructor(
    private readonly text: string,
    width: number,
  ) {
    this.starts = new Int32Array(width);
    this.ends = new Int32Array(width);
    this.unescaped = new Array<string | undefined>(width).fill(undefined);
  }

  /** Keeps `width` fields a record from here on. */
  resize(width: number): void {
    this.starts = new Int32Array(width);
    this.ends = new Int32Array(width);
    this.unescaped = new Array<string | undefined>(width).fill(undefined);
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  /** Reads the next record; a problem when it is not well-formed CSV. */
  read(): string | undefined {
    const { text } = this;
    const width = this.starts.length;
    this.line = this.nextLine;
    this.count = 0;
    for (;;) {
      let start = this.pos;
      let end: number;
      let copy: string | undefined;
      if (text.charCodeAt(start) === QUOTE) {
        const quoted = this.readQuoted();
        if (typeof quoted === 'string') return quoted;
        [start, end, copy] = quoted;
      } else {
        let p = start;
        for (let c = text.charCodeAt(p); p < text.length && c !== COMMA && c !== LF && c !== CR; c = text.charCodeAt(++p));
        end = p;
        this.pos = p;
      }
      if (this.count < width) {
        this.starts[this.count] = start;
        this.ends[this.count] = end;
        this.unescaped[this.count] = copy;
      }
      this.count++;
      const c = text.charCodeAt(this.pos);
      if (c === COMMA) {
        this.pos++;
        continue;
      }
      if (c === CR) this.pos++;
      if (text.charCodeAt(this.pos) === LF) this.pos++;
      this.nextLine++;
      return undefined;
    }
  }

  /** An empty line, or one of spaces and tabs only (pandas skips both). */
  isBlank(): boolean {
    if (this.count !== 1 || this.unescaped[0] !== undefined) return false;
    return this.text.slice(this.starts[0], this.ends[0]).trim() === '';
  }

  /** The field as written, unquoted, for a message or a slow parse. */
  field(i: number): string {
    return this.unescaped[i] ?? this.text.slice(this.starts[i], this.ends[i]);
  }

  private readQuoted(): [number, number, string | undefined] | string {
    const { text } = this;
    const start = this.pos + 1;
    let from = start;
    let escaped = false;
    for (;;) {
      const quote = text.indexOf('"', from);
      if (quote < 0) return `line ${this.line}: a quoted field never closes; end it with a "`;
      for (let nl = text.indexOf('\n', from); nl >= 0 && nl < quote; nl = text.indexOf('\n', nl + 1)) this.nextLine++;
      if (text.charCodeAt(quote + 1) === QUOTE) {
        escaped = true;
        from = quote + 2;
        continue;
      }
      this.pos = quote + 1;
      const after = text.charCodeAt(this.pos);
      if (this.pos < text.length && after !== COMMA && after !== LF && after !== CR) {
        return `line ${this.line}: text follows a closing quote; quote the whole field or none of it`;
      }
      return [start, quote, escaped ? text.slice(start, quote).replaceAll('""', '"') : undefined];
    }
  }
}

interface Layout {
  readonly width: number;
  /** Open, High, Low, Close, in that order. */
  readonly prices: readonly number[];
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** -1: no Volume column. */
  readonly volume: number;
}

/** Parses CSV bars; `name` (the file's name) starts every problem, as in "GOOG.csv line 17: …". */
export function parseCsvBars(text: string, name: string): CsvBarsResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return refuse(`${name} is empty; it needs a header row (Date,Open,High,Low,Close,Volume) and a row per bar`);
  let reader = new RecordReader(body, HEADER_FIELDS);
  let problem = readHeader(reader);
  if (problem === undefined && reader.count > HEADER_FIELDS) {
    reader = new RecordReader(body, reader.count);
    problem = readHeader(reader);
  }
  if (problem !== undefined) return refuse(`${name} ${problem}`);
  const layout = readLayout(reader);
  if (typeof layout === 'string') return refuse(`${name} ${layout}`);
  reader.resize(layout.width);
  return readRows(body, name, layout, reader);
}

/** Reads up to the first record that is not blank: the header. */
function readHeader(reader: RecordReader): string | undefined {
  do {
    const problem = reader.read();
    if (problem !== undefined) return problem;
  } while (reader.isBlank());
  return undefined;
}

function readLayout(header: RecordReader): Layout | string {
  const names = Array.from({ length: header.count }, (_, i) => header.field(i).trim());
  const at = `line ${header.line}:`;
  const first = names[0] ?? '';
  if (!TIME_HEADERS.has(first.toLowerCase())) {
    return `${at} the first column holds each bar's date or time, so its header is empty or Date, Time, Timestamp or Datetime, not "${first}"; ${HEADER_HINT}`;
  }
  const find = (wanted: string): number | string => {
    const found = names.flatMap((n, i) => (i > 0 && n.toLowerCase() === wanted.toLowerCase() ? [i] : []));
    if (found.length > 1) return `${at} ${found.length} columns are named ${wanted}; keep one`;
    return found[0] ?? -1;
  };
  const columns: number[] = [];
  for (const wanted of [...PRICE_NAMES, 'Volume']) {
    const index = find(wanted);
    if (typeof index === 'string') return index;
    if (index < 0 && wanted !== 'Volume') return `${at} no ${wanted} column; ${HEADER_HINT}`;
    columns.push(index);
  }
  const [open, high, low, close, volume] = columns as [number, number, number, number, number];
  return { width: names.length, prices: [open, high, low, close], open, high, low, close, volume };
}

function readRows(text: string, name: string, layout: Layout, reader: RecordReader): CsvBarsResult {
  // Every bar takes at least one line break (\n, \r\n or a lone \r), so the breaks bound the rows.
  let capacity = 1;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) capacity++;
  for (let cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', cr + 1)) if (text.charCodeAt(cr + 1) !== 10) capacity++;
  const columns = {
    start: new Float64Array(capacity),
    open: new Float64Array(capacity),
    high: new Float64Array(capacity),
    low: new Float64Array(capacity),
    close: new Float64Array(capacity),
    volume: new Float64Array(capacity),
  };
  let rows = 0;
  let previousLine = 0;
  let previousTime = Number.NEGATIVE_INFINITY;
  const { starts, ends } = reader;
  while (!reader.done) {
    const problem = reader.read();
    if (problem !== undefined) return refuse(`${name} ${problem}`);
    if (reader.isBlank()) continue;
    // The common row, checked without a string or an object made; any fault is explained below.
    const fits = reader.count === layout.width;
    const time = fits ? parseBarTime(text, starts[0]!, ends[0]!, reader.unescaped[0]) : Number.NaN;
    const open = fits ? readNumber(reader, text, layout.open) : Number.NaN;
    const high = fits ? readNumber(reader, text, layout.high) : Number.NaN;
    const low = fits ? readNumber(reader, text, layout.low) : Number.NaN;
    const close = fits ? readNumber(reader, text, layout.close) : Number.NaN;
    const volume = layout.volume < 0 ? 0 : fits ? readNumber(reader, text, layout.volume) : Number.NaN;
    const sound = time > previousTime && low > 0 && high < Infinity && low <= open && open <= high && low <= close && close <= high && volume >= 0 && volume < Infinity;
    if (!sound) return refuse(`${name} line ${reader.line}: ${rowFault(reader, text, layout, previousLine, previousTime)}`);
    columns.start[rows] = time;
    columns.open[rows] = open;
    columns.high[rows] = high;
    columns.low[rows] = low;
    columns.close[rows] = close;
    columns.volume[rows] = volume;
    rows++;
    previousLine = reader.line;
    previousTime = time;
  }
  if (rows === 0) return refuse(`${name} has a header but no bars; add a row per bar below it`);
  const cut = (column: Float64Array): Float64Array => (rows === capacity ? column : column.subarray(0, rows));
  return {
    ok: true,
    bars: {
      length: rows,
      start: cut(columns.start),
      open: cut(columns.open),
      high: cut(columns.high),
      low: cut(columns.low),
      close: cut(columns.close),
      volume: cut(columns.volume),
    },
  };
}

/** What is wrong with a row the fast check turned down, the first rule it breaks. */
function rowFault(reader: RecordReader, text: string, layout: Layout, previousLine: number, previousTime: number): string {
  if (reader.count !== layout.width) return `${reader.count} fields where the header has ${layout.width}; give every row one field per column`;
  const written = reader.field(0).trim();
  const time = parseBarTime(text, reader.starts[0]!, reader.ends[0]!, reader.unescaped[0]);
  if (Number.isNaN(time)) return `"${written}" is not a date or time; ${timeHint()}`;
  if (time === previousTime) return `${written} repeats the time of line ${previousLine}; give each bar its own time`;
  if (time < previousTime) return `${written} is earlier than line ${previousLine}; rows run oldest first`;
  const values: number[] = [];
  for (const [k, label] of PRICE_NAMES.entries()) {
    const i = layout.prices[k]!;
    const value = readNumber(reader, text, i);
    if (!(value > 0 && value < Infinity)) return `${label} "${reader.field(i)}" is not a positive price; write a number such as 101.25`;
    values.push(value);
  }
  const [open, high, low, close] = values as [number, number, number, number];
  const shown = (i: number): string => reader.field(i).trim();
  if (high < low) return `High ${shown(layout.high)} is below Low ${shown(layout.low)}`;
  if (open < low || open > high) return `Open ${shown(layout.open)} is outside Low ${shown(layout.low)} to High ${shown(layout.high)}`;
  if (close < low || close > high) return `Close ${shown(layout.close)} is outside Low ${shown(layout.low)} to High ${shown(layout.high)}`;
  return `Volume "${reader.field(layout.volume)}" is not a count from 0; write a number such as 22351900`;
}

function readNumber(reader: RecordReader, text: string, i: number): number {
  const copy = reader.unescaped[i];
  return copy === undefined ? parsePlainNumber(text, reader.starts[i]!, reader.ends[i]!) : parsePlainNumber(copy, 0, copy.length);
}

function refuse(problem: string): CsvBarsResult {
  return { ok: false, problem };
}
