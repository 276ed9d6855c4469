import { appendFileSync, chmodSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { monthOf, openArchive } from '../../src/persistence/archive.js';
import { useTempDir } from './helpers.js';

const tempDir = useTempDir();

interface Row {
  readonly id: string;
  readonly at: number;
  readonly v?: number;
}

const DEC_1 = Date.UTC(2026, 11, 1, 12);
const NOV_30 = Date.UTC(2026, 10, 30, 12);
const JAN_2 = Date.UTC(2027, 0, 2, 12);

async function all(dir: string, range = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of openArchive(dir).read('orders', (r) => (r as Row).id, range)) rows.push(row as Row);
  return rows;
}

describe('the archive', () => {
  it('files records by kind and month, owner-only, and reads them back oldest month first', async () => {
    const dir = join(tempDir(), 'archive', 'sim');
    const archive = openArchive(dir);
    await archive.append<Row>('orders', [{ id: 'b', at: DEC_1 }, { id: 'a', at: NOV_30 }, { id: 'c', at: JAN_2 }], (r) => r.at);
    expect(readdirSync(dir).sort()).toEqual(['orders-2026-11.jsonl', 'orders-2026-12.jsonl', 'orders-2027-01.jsonl']);
    expect(statSync(join(dir, 'orders-2026-12.jsonl')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect((await all(dir)).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect((await all(dir, { from: DEC_1, to: DEC_1 })).map((r) => r.id)).toEqual(['b']);
    expect(monthOf(JAN_2)).toBe('2027-01');
  });

  it('keeps one copy of a record archived twice (a crash between archiving and saving), the last', async () => {
    const dir = tempDir();
    const archive = openArchive(dir);
    await archive.append<Row>('orders', [{ id: 'a', at: DEC_1, v: 1 }], (r) => r.at);
    await archive.append<Row>('orders', [{ id: 'a', at: DEC_1, v: 2 }, { id: 'b', at: DEC_1 }], (r) => r.at);
    expect(await all(dir)).toEqual([{ id: 'a', at: DEC_1, v: 2 }, { id: 'b', at: DEC_1 }]);
  });

  it('a fragment left by a crash mid-append stays a bad line of its own; the next record is kept whole', async () => {
    const dir = tempDir();
    const archive = openArchive(dir);
    await archive.append<Row>('orders', [{ id: 'a', at: DEC_1 }], (r) => r.at);
    appendFileSync(join(dir, 'orders-2026-12.jsonl'), '{"id":"cut sh');
    await archive.append<Row>('orders', [{ id: 'b', at: DEC_1 }], (r) => r.at);
    expect(readFileSync(join(dir, 'orders-2026-12.jsonl'), 'utf8')).toBe('{"id":"a","at":1796126400000}\n{"id":"cut sh\n{"id":"b","at":1796126400000}\n');
    expect((await all(dir)).map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('reads nothing, without error, when nothing was ever archived', async () => {
    expect(await all(join(tempDir(), 'none'))).toEqual([]);
  });
});

describe('an archive month made read-only', () => {
  it('is refused, named, and left as it was', async () => {
    const dir = tempDir();
    const archive = openArchive(dir);
    await archive.append<Row>('orders', [{ id: 'a', at: DEC_1 }], (r) => r.at);
    const file = join(dir, 'orders-2026-12.jsonl');
    chmodSync(file, 0o444);
    await expect(archive.append<Row>('orders', [{ id: 'b', at: DEC_1 }], (r) => r.at)).rejects.toThrow(`${file} is read-only (mode 0444)`);
    expect(readFileSync(file, 'utf8')).toBe('{"id":"a","at":1796126400000}\n');
  });
});
