/**
 * Short ids for strategy instances: a prefix from the strategy's name and a counter shared by all
 * names (`sma1`, `brk2`), short enough to type and within the 12 characters a client order id
 * carries as its source.
 */
export class InstanceIds {
  private count = 0;

  /**
   * Counts on from the ids already used in these books (stored instances, sources of fills): a
   * source's position is keyed by its id, so a new instance must never take an old one's.
   */
  constructor(used: Iterable<string> = []) {
    for (const id of used) {
      const number = /^[a-z]+(\d+)$/.exec(id)?.[1];
      if (number !== undefined) this.count = Math.max(this.count, Number(number));
    }
  }

  /** The next id not `taken`. */
  next(name: string, taken: (id: string) => boolean): string {
    const prefix = prefixOf(name);
    for (;;) {
      const id = `${prefix}${++this.count}`;
      if (!taken(id)) return id;
    }
  }
}

/**
 * The first word of the name: whole when it is short (`sma`), else its first letter and the next
 * consonants (`breakout` → `brk`, `bollinger` → `bll`), so ids stay short and still recognisable.
 */
export function prefixOf(name: string): string {
  const word = (name.toLowerCase().split(/[^a-z0-9]+/).find((part) => part !== '') ?? '').slice(0, 12);
  if (word === '') return 's';
  if (word.length <= 4) return word;
  const rest = word.slice(1).replace(/[aeiou]/g, '');
  return (word[0] + rest).slice(0, 3);
}
