import type { CoreEvent, CoreEventListener } from './events.js';

/** Fans core events out to listeners; a throwing listener is isolated from the others and the core. */
export class EventBus {
  private readonly listeners = new Set<CoreEventListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  subscribe(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: CoreEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
