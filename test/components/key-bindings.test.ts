import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HELP_LINES, bindingLine, keyTableMarkdown } from '../../components/help-lines.js';
import { KEY_HANDLERS } from '../../components/key-handlers.js';
import {
  CONTEXT_PARENT,
  CONTEXT_TITLES,
  KEY_BINDINGS,
  contextChain,
  findBinding,
  keyLabel,
  paneHints,
  type KeyContext,
} from '../../components/key-bindings.js';
import { PANE_SPECS } from '../../components/panes.js';
import { PANE_IDS } from '../../components/layout.js';

const CONTEXTS = Object.keys(CONTEXT_PARENT) as KeyContext[];

describe('the key table', () => {
  it('has a handler and a description for every binding', () => {
    for (const binding of KEY_BINDINGS) {
      expect(typeof KEY_HANDLERS[binding.id], binding.id).toBe('function');
      expect(binding.description.length, binding.id).toBeGreaterThan(5);
      expect(binding.keys.length, binding.id).toBeGreaterThan(0);
    }
  });

  it('binds no key twice where it applies: a context, with the keys of the contexts it sits in', () => {
    for (const context of CONTEXTS) {
      const seen = new Map<string, string>();
      for (const c of contextChain(context)) {
        for (const binding of KEY_BINDINGS.filter((b) => b.context === c)) {
          for (const key of binding.keys) {
            expect(seen.get(key), `${keyLabel(key)} in ${context}: ${binding.id}`).toBeUndefined();
            seen.set(key, binding.id);
          }
        }
      }
    }
  });

  it('puts every context under the global one, so Ctrl-C works everywhere', () => {
    for (const context of CONTEXTS) expect(contextChain(context).at(-1)).toBe('global');
    expect(findBinding('confirm', 'ctrl-c')?.id).toBe('app.quit');
    expect(findBinding('orders', 'ctrl-c')?.id).toBe('app.quit');
  });

  it('finds a pane key only on that pane, and the shared pane keys on every pane', () => {
    expect(findBinding('orders', 'c')?.id).toBe('order.cancel');
    expect(findBinding('positions', 'c')).toBeUndefined();
    expect(findBinding('command line', 'c')).toBeUndefined();
    expect(findBinding('positions', 'j')?.id).toBe('row.down');
    expect(findBinding('quit', 'c')?.id).toBe('quit.cancelOrders');
  });

  it('gives every pane a number key, in the layout order', () => {
    const jump = KEY_BINDINGS.find((b) => b.id === 'focus.jump');
    expect(jump?.keys).toEqual(PANE_IDS.map((_, i) => String(i + 1)));
    for (const id of PANE_IDS) expect(PANE_SPECS[id].id).toBe(id);
  });

  it('hints the focused pane its own keys first', () => {
    expect(paneHints('orders')).toMatch(/^c cancel {2}C cancel all {2}r replace {2}j\/k move/);
    expect(paneHints('panes')).not.toContain('cancel');
    expect(paneHints('strategies')).toMatch(/^x stop {2}p pause {2}r resume {2}j\/k move/);
  });
});

describe('the help overlay and the README', () => {
  it('lists every binding under the title of where it works', () => {
    const texts = HELP_LINES.map((line) => line.text);
    for (const binding of KEY_BINDINGS) {
      const at = texts.indexOf(bindingLine(binding));
      expect(at, binding.id).toBeGreaterThan(0);
      const heading = texts.slice(0, at).findLast((_, i) => HELP_LINES[i]?.heading === true);
      expect(heading, binding.id).toBe(CONTEXT_TITLES[binding.context]);
    }
  });

  it('lists the commands of the command language too', () => {
    const texts = HELP_LINES.map((line) => line.text).join('\n');
    for (const verb of ['buy QTY', 'cancel #N', 'replace #N', 'flatten SYMBOL', 'quit | exit']) expect(texts).toContain(verb);
  });

  it('matches the README key table row for row', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const row of keyTableMarkdown()) expect(readme, row).toContain(`${row}\n`);
  });
});
