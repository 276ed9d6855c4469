import type { Writable } from 'node:stream';
import { errorText } from '../core/error-text.js';
import { errorCode } from '../persistence/error-code.js';
import { resolveDataDir } from '../persistence/paths.js';
import type { ExportConfig } from './config.js';
import { FILL_COLUMNS, selectFills } from './export-fills.js';
import { ExportError, readHistory, type History } from './export-history.js';
import { ORDER_COLUMNS, selectOrders } from './export-orders.js';
import { renderTable } from './export-table.js';
import { selectTrades, TRADE_COLUMNS } from './export-trades.js';

/** Pieces are gathered into writes of about this many characters. */
const WRITE_CHUNK = 64 * 1024;

/**
 * `blotter export`: selects every row before writing the first, so a profile or archive that
 * cannot be read fails with nothing written. The selected rows are held in memory to be sorted;
 * the archive is read a month at a time.
 */
export async function runExport(config: ExportConfig, out: Writable): Promise<void> {
  const history = await readHistory(resolveDataDir(config.dataDir), config.profile);
  await writeAll(out, await exportText(config, history));
}

async function exportText(config: ExportConfig, history: History): Promise<Iterable<string>> {
  switch (config.kind) {
    case 'orders':
      return renderTable(ORDER_COLUMNS, await selectOrders(history, config.range), config.format);
    case 'fills':
      return renderTable(FILL_COLUMNS, await selectFills(history, config.range), config.format);
    case 'trades':
      return renderTable(TRADE_COLUMNS, await selectTrades(history, config.range), config.format);
  }
}

/**
 * Writes and waits for each write, so a slow reader holds the export back instead of it piling up
 * in memory. A reader that stops reading (`| head`) ends the export quietly: it has what it wanted.
 */
async function writeAll(out: Writable, pieces: Iterable<string>): Promise<void> {
  // A failed write is also emitted as an event, after the write's own callback, and would crash the
  // process unheard; the callback below is what reports it.
  out.on('error', () => {});
  let chunk = '';
  try {
    for (const piece of pieces) {
      chunk += piece;
      if (chunk.length >= WRITE_CHUNK) {
        await write(out, chunk);
        chunk = '';
      }
    }
    if (chunk !== '') await write(out, chunk);
  } catch (error) {
    if (errorCode(error) !== 'EPIPE') throw new ExportError(`could not write the export: ${errorText(error)}`);
  }
}

function write(out: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(text, (error) => (error === undefined || error === null ? resolve() : reject(error)));
  });
}
