import { describe, expect, it } from 'vitest';
import { mergeByTime, sortedWithinMonths } from '../../src/app/time-order.js';

interface Rec {
  readonly name: string;
  readonly at: number;
}

async function* stream(records: readonly Rec[]): AsyncGenerator<Rec> {
  yield* records;
}

async function names(records: AsyncIterable<Rec>): Promise<string[]> {
  const seen: string[] = [];
  for await (const record of records) seen.push(record.name);
  return seen;
}

const at = (record: Rec): number => record.at;
const OCT = Date.UTC(2026, 9, 1);
const NOV = Date.UTC(2026, 10, 1);

describe('sortedWithinMonths', () => {
  it('sorts each month on its own, keeping the months in the order read and ties in filing order', async () => {
    const filed = [
      { name: 'oct-b', at: OCT + 2 },
      { name: 'oct-a', at: OCT + 1 },
      { name: 'oct-b2', at: OCT + 2 },
      { name: 'nov-b', at: NOV + 2 },
      { name: 'nov-a', at: NOV + 1 },
    ];
    expect(await names(sortedWithinMonths(stream(filed), at))).toEqual(['oct-a', 'oct-b', 'oct-b2', 'nov-a', 'nov-b']);
    expect(await names(sortedWithinMonths(stream([]), at))).toEqual([]);
  });
});

describe('mergeByTime', () => {
  it('merges ordered streams into one, the earlier stream first on a tie', async () => {
    const merged = mergeByTime(
      [
        stream([{ name: 'a1', at: 1 }, { name: 'a3', at: 3 }, { name: 'a5', at: 5 }]),
        stream([]),
        stream([{ name: 'b3', at: 3 }, { name: 'b4', at: 4 }]),
        stream([{ name: 'c0', at: 0 }, { name: 'c9', at: 9 }]),
      ],
      at,
    );
    expect(await names(merged)).toEqual(['c0', 'a1', 'a3', 'b3', 'b4', 'a5', 'c9']);
  });

  it('passes on a stream’s failure', async () => {
    async function* failing(): AsyncGenerator<Rec> {
      yield { name: 'x', at: 1 };
      throw new Error('archive unreadable');
    }
    await expect(names(mergeByTime([failing(), stream([{ name: 'y', at: 2 }])], at))).rejects.toThrow('archive unreadable');
  });
});
