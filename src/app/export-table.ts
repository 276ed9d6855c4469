import type { Decimal } from '../domain/decimal.js';
import { csvRecord, neutraliseFormula } from './csv.js';

export type ExportFormat = 'csv' | 'json';

/**
 * One column of an export: its name (the CSV header and the JSON key) and how a row gives its value.
 * The kind decides how the value is written, so a decimal is never mistaken for text to neutralise.
 */
export type Column<R> =
  | { readonly name: string; readonly kind: 'text'; readonly value: (row: R) => string | undefined }
  | { readonly name: string; readonly kind: 'decimal'; readonly value: (row: R) => Decimal | undefined }
  | { readonly name: string; readonly kind: 'integer'; readonly value: (row: R) => number | undefined }
  | { readonly name: string; readonly kind: 'time'; readonly value: (row: R) => number | undefined }
  | { readonly name: string; readonly kind: 'flag'; readonly value: (row: R) => boolean };

export const textColumn = <R>(name: string, value: (row: R) => string | undefined): Column<R> => ({ name, kind: 'text', value });
export const decimalColumn = <R>(name: string, value: (row: R) => Decimal | undefined): Column<R> => ({ name, kind: 'decimal', value });
export const integerColumn = <R>(name: string, value: (row: R) => number | undefined): Column<R> => ({ name, kind: 'integer', value });
/** Epoch ms, written as ISO 8601 in UTC. */
export const timeColumn = <R>(name: string, value: (row: R) => number | undefined): Column<R> => ({ name, kind: 'time', value });
export const flagColumn = <R>(name: string, value: (row: R) => boolean): Column<R> => ({ name, kind: 'flag', value });

/**
 * The rows as CSV (a header, then one record per row; an absent value is an empty cell) or as a
 * JSON array with one object per line (an absent value is null), in pieces to write one by one.
 * Decimals are plain digits either way, strings in JSON so no reader turns them into floats.
 */
export function* renderTable<R>(columns: readonly Column<R>[], rows: readonly R[], format: ExportFormat): Generator<string> {
  if (format === 'csv') {
    yield csvRecord(columns.map((column) => column.name));
    for (const row of rows) yield csvRecord(columns.map((column) => csvCell(column, row)));
    return;
  }
  if (rows.length === 0) {
    yield '[]\n';
    return;
  }
  yield '[\n';
  for (const [i, row] of rows.entries()) {
    const object = Object.fromEntries(columns.map((column) => [column.name, jsonCell(column, row)]));
    yield `  ${JSON.stringify(object)}${i < rows.length - 1 ? ',' : ''}\n`;
  }
  yield ']\n';
}

function csvCell<R>(column: Column<R>, row: R): string {
  switch (column.kind) {
    case 'text': {
      const value = column.value(row);
      return value === undefined ? '' : neutraliseFormula(value);
    }
    case 'flag':
      return column.value(row) ? 'yes' : 'no';
    default:
      return jsonCell(column, row)?.toString() ?? '';
  }
}

function jsonCell<R>(column: Column<R>, row: R): string | number | boolean | null {
  switch (column.kind) {
    case 'text':
      return column.value(row) ?? null;
    case 'decimal':
      return column.value(row)?.toFixed() ?? null;
    case 'integer':
      return column.value(row) ?? null;
    case 'time': {
      const at = column.value(row);
      return at === undefined ? null : new Date(at).toISOString();
    }
    case 'flag':
      return column.value(row);
  }
}
