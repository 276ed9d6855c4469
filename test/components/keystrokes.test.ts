import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { keystrokes } from '../../components/keystrokes.js';

const NONE: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
const key = (flags: Partial<Key>): Key => ({ ...NONE, ...flags });

describe('keystrokes', () => {
  it('walks a burst character by character, Enter, Tab and Backspace included', () => {
    expect(keystrokes('buy 1\x7f2\r', NONE)).toEqual(['b', 'u', 'y', ' ', '1', 'backspace', '2', 'enter']);
    expect(keystrokes('a\tb\nc\b', NONE)).toEqual(['a', 'tab', 'b', 'enter', 'c', 'backspace']);
    expect(keystrokes('yyy', NONE)).toEqual(['y', 'y', 'y']);
  });

  it('names the keys Ink recognises', () => {
    expect(keystrokes('', key({ upArrow: true }))).toEqual(['up']);
    expect(keystrokes('', key({ pageDown: true }))).toEqual(['pagedown']);
    expect(keystrokes('', key({ return: true }))).toEqual(['enter']);
    expect(keystrokes('', key({ escape: true, meta: true }))).toEqual(['escape']);
    expect(keystrokes('', key({ tab: true }))).toEqual(['tab']);
    expect(keystrokes('', key({ tab: true, shift: true }))).toEqual(['shift-tab']);
  });

  it('treats DEL, which tmux sends for Backspace and Ink calls delete, as backspace', () => {
    expect(keystrokes('', key({ delete: true }))).toEqual(['backspace']);
  });

  it('names control keys, alone or inside a burst, and drops the ones that are no key', () => {
    expect(keystrokes('c', key({ ctrl: true }))).toEqual(['ctrl-c']);
    expect(keystrokes('ab\x03', NONE)).toEqual(['a', 'b', 'ctrl-c']);
    expect(keystrokes('a\x1f\x9bb', NONE)).toEqual(['a', 'b']);
  });

  it('ignores Alt combinations rather than typing a stray letter', () => {
    expect(keystrokes('x', key({ meta: true }))).toEqual([]);
  });

  it('keeps a character outside the BMP whole', () => {
    expect(keystrokes('a👍', NONE)).toEqual(['a', '👍']);
  });
});
