import { StartupError } from '../startup-error.js';
import { readBrokerName, type BrokerName } from './broker-names.js';
import type { BrokerOptions, OpenedBroker } from './opened-broker.js';
import { openAlpacaBroker } from './alpaca-broker.js';
import { openSimBroker } from './sim-broker.js';

export type { BooksOnFile, BrokerOptions, OpenedBroker } from './opened-broker.js';

/**
 * The one place a broker is picked by name. An adapter's own types stay behind it: callers hold the
 * ports and, from a simulator, its controls.
 */
export async function openBroker(name: string, options: BrokerOptions): Promise<OpenedBroker> {
  const read = readBrokerName(name);
  if ('problem' in read) throw new StartupError(read.problem);
  assertBooksAreThisBroker(read.name, options);
  switch (read.name) {
    case 'sim':
      return openSimBroker(options);
    case 'alpaca':
      return openAlpacaBroker(options);
  }
}

/**
 * Books name the broker they are kept against (`sim-…`, `alpaca-…`): a profile of one broker is
 * refused by another by name, before anything is opened, rather than by some file it lacks.
 */
function assertBooksAreThisBroker(name: BrokerName, options: BrokerOptions): void {
  const keptAgainst = options.books?.keptAgainst;
  if (keptAgainst === undefined) return;
  const keptWith = keptAgainst.split('-')[0];
  if (keptWith === name) return;
  throw new StartupError(
    `profile ${options.profile} is kept against ${keptAgainst} (broker ${keptWith}), so it cannot trade on ${name}; ` +
      `use --broker ${keptWith}, or another --profile for ${name}`,
  );
}
