import { StartupError } from '../startup-error.js';
import { readBrokerName } from './broker-names.js';
import type { BrokerOptions, OpenedBroker } from './opened-broker.js';
import { openSimBroker } from './sim-broker.js';

export type { BooksOnFile, BrokerOptions, OpenedBroker } from './opened-broker.js';

/**
 * The one place a broker is picked by name. An adapter's own types stay behind it: callers hold the
 * ports and, from a simulator, its controls.
 */
export async function openBroker(name: string, options: BrokerOptions): Promise<OpenedBroker> {
  const read = readBrokerName(name);
  if ('problem' in read) throw new StartupError(read.problem);
  switch (read.name) {
    case 'sim':
      return openSimBroker(options);
  }
}
