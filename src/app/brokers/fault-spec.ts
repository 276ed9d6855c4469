// `--faults` is read in the simulator's own grammar, so its errors name its own keys.
export { parseFaultSpec } from '../../broker/sim/fault-spec.js';
