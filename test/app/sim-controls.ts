import type { SimControls } from '../../src/broker/controls.js';
import type { Session } from '../../src/app/session.js';

/** The simulator's controls of a session on the simulator. */
export function simControls(session: Session): SimControls {
  const { controls } = session.broker;
  if (controls === undefined) throw new Error(`broker ${session.broker.name} has no simulator controls`);
  return controls;
}
