/**
 * RFC 4180 records. Records end in CRLF, the RFC's line break and what Excel itself writes; every
 * spreadsheet and CSV reader accepts it. A line break inside a field (a reason on two lines) is
 * kept as it is, quoted, so it stays one cell.
 */
const CSV_LINE_END = '\r\n';

/** A field as written: quoted (quotes doubled) only when it holds a comma, a quote or a line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}${CSV_LINE_END}`;
}

/**
 * Text a spreadsheet would take for a formula (it starts with = + - @, or a tab or carriage return
 * that some strip before looking) gets a leading apostrophe, which spreadsheets show as text. Only
 * for free text: a decimal column is never passed here, so -5 stays the number -5.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
