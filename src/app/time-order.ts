import { monthOf } from '../persistence/archive.js';

/**
 * Puts each month's records in time order. The archive is read a month file at a time, oldest
 * first, but keeps a file's records in the order they were filed, so sorting one month at a time
 * puts the whole stream in order while holding one month in memory. Ties keep their filing order.
 */
export async function* sortedWithinMonths<T>(records: AsyncIterable<T>, at: (record: T) => number): AsyncGenerator<T> {
  let month: string | undefined;
  let batch: T[] = [];
  for await (const record of records) {
    const recordMonth = monthOf(at(record));
    if (recordMonth !== month && batch.length > 0) {
      yield* batch.sort((a, b) => at(a) - at(b));
      batch = [];
    }
    month = recordMonth;
    batch.push(record);
  }
  yield* batch.sort((a, b) => at(a) - at(b));
}

/** Merges streams that are each in time order into one; on a tie the earlier stream goes first. */
export async function* mergeByTime<T>(streams: readonly AsyncIterable<T>[], at: (record: T) => number): AsyncGenerator<T> {
  const iterators = streams.map((stream) => stream[Symbol.asyncIterator]());
  try {
    const heads = await Promise.all(iterators.map(async (iterator) => ({ iterator, next: await iterator.next() })));
    for (;;) {
      let first: (typeof heads)[number] | undefined;
      let firstAt = Infinity;
      for (const head of heads) {
        if (head.next.done === true) continue;
        const headAt = at(head.next.value);
        if (first === undefined || headAt < firstAt) {
          first = head;
          firstAt = headAt;
        }
      }
      if (first === undefined) return;
      yield first.next.value as T;
      first.next = await first.iterator.next();
    }
  } finally {
    await Promise.all(iterators.map((iterator) => iterator.return?.()));
  }
}
