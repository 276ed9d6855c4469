import type { CoreEvent } from '../core/events.js';
import type { ProfileStore } from '../persistence/profile-store.js';

/** Keeps the profile file in step with the core: every change the core announces is stored. */
export function persistCoreEvent(profile: ProfileStore, event: CoreEvent): void {
  switch (event.type) {
    case 'order':
      profile.upsertOrder(event.order);
      break;
    case 'fill':
      profile.addFill(event.fill);
      break;
    case 'portfolio':
      profile.changePortfolio(event.change);
      break;
    case 'watchlist':
      profile.setWatchlist([...event.symbols]);
      break;
    case 'log':
      if (event.entry.level !== 'debug') profile.appendLog(event.entry);
      break;
    default:
      break;
  }
}
