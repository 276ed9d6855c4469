import { clipText } from '../kernel/clip-text.js';
import type { Clock } from '../kernel/clock.js';
import type { LogLevel } from '../kernel/log-entry.js';
import { createRedactor, type Redactor } from '../kernel/redact.js';
import type { EventBus } from './event-bus.js';

/** Longest text of one log entry, in characters: a log line is read at a glance, never a dump. */
export const MAX_LOG_TEXT = 500;

/**
 * The one place the core's log entries are made, so every sink (the log pane, the profile, the log
 * file) gets them redacted and bounded.
 */
export class TraderLog {
  constructor(
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly redact: Redactor = createRedactor([]),
  ) {}

  write(level: LogLevel, text: string): void {
    this.bus.emit({ type: 'log', entry: { at: this.clock.now(), level, text: this.bounded(text) } });
  }

  /**
   * Text from outside (a broker's reason may echo what was sent, credentials included) made fit to
   * keep like a log line. Redacted before it is clipped: a clip could cut a secret short of what the
   * redactor recognises and leave the rest on screen.
   */
  bounded(text: string): string {
    return clipText(this.redact(text), MAX_LOG_TEXT);
  }
}
