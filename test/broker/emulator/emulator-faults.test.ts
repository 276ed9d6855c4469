import { describe, expect, it } from 'vitest';
import { parseEmulatorFaults } from '../../../src/broker/emulator/emulator-faults.js';
import { parseFaultSpec } from '../../../src/broker/sim/fault-spec.js';

describe('parseEmulatorFaults', () => {
  it("reads the simulator's parts with its parser and Alpaca's beside them", () => {
    expect(parseEmulatorFaults('drop=0.1,replay=10%,fillBeforeAck=0.5/1s,delay=0.2/3s,positionLag=2s,silentLoss=1,upgrade429=0')).toEqual({
      sim: { drop: 0.1, delay: 0.2, delayMaxMs: 3000 },
      alpaca: { replay: 0.1, fillBeforeAck: 0.5, fillBeforeAckMaxMs: 1000, positionLagMs: 2000, silentLoss: 1, upgrade429: 0 },
    });
  });

  it('takes a spec of Alpaca parts alone, keys in any case and with - or _', () => {
    expect(parseEmulatorFaults('Terminal-Twice=1, replay=5%')).toEqual({ sim: {}, alpaca: { terminalTwice: 1, replay: 0.05 } });
  });

  it('extends the presets: chaos turns every Alpaca fault on as well as the simulator’s', () => {
    const { sim, alpaca } = parseEmulatorFaults('chaos');
    expect(sim).toEqual(parseFaultSpec('chaos'));
    for (const key of ['fillBeforeAck', 'replay', 'terminalTwice', 'silentLoss', 'upgrade429', 'positionLagMs'] as const) {
      expect(alpaca[key], key).toBeGreaterThan(0);
    }
    expect(parseEmulatorFaults('none')).toEqual({ sim: {}, alpaca: {} });
    expect(parseEmulatorFaults('light').alpaca.replay).toBeGreaterThan(0);
  });

  it('applies parts left to right on both sides', () => {
    const { sim, alpaca } = parseEmulatorFaults('chaos,drop=0,replay=0,positionLag=off,seed=7');
    expect(sim).toEqual(parseFaultSpec('chaos,drop=0,seed=7'));
    expect(alpaca.replay).toBe(0);
    expect(alpaca).not.toHaveProperty('positionLagMs');
    expect(alpaca.silentLoss).toBeGreaterThan(0);
  });

  it('names a bad Alpaca part and the valid ones, on one line', () => {
    const cases: [string, RegExp][] = [
      ['replay=2', /^invalid fault spec part "replay=2": 2 is not a probability from 0 to 1 .*fillBeforeAck=P\[\/MAXDUR\], replay=P/],
      ['positionLag=0s', /part "positionLag=0s": 0s is not a positive duration/],
      ['positionLag=2', /part "positionLag=2": '2' needs a unit: write 2s/],
      ['fillBeforeAck=0.5/1s/2', /part "fillBeforeAck=0.5\/1s\/2": expected P or P\/MAXDUR/],
    ];
    for (const [spec, message] of cases) {
      expect(() => parseEmulatorFaults(spec), spec).toThrow(message);
      expect(() => parseEmulatorFaults(spec), spec).not.toThrow(/\n/);
    }
  });

  it("hands anything else to the simulator's parser, whose refusal also lists the emulator's parts", () => {
    expect(() => parseEmulatorFaults('replay=1,bogus=1')).toThrow(/invalid fault spec part "bogus=1": unknown key bogus; valid parts: .*drop=P.*; and the emulator's: fillBeforeAck=P/);
    expect(() => parseEmulatorFaults('')).toThrow(/empty part/);
    expect(() => parseEmulatorFaults('constructor')).toThrow(/unknown preset constructor/);
  });
});
