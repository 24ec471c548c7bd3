import { describe, expect, it } from 'vitest';
import { shortcutFor } from '../../src-renderer/composables/use-shortcuts.js';

const key = (k: string, target: unknown = null, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'repeat', boolean>> = {}) =>
  shortcutFor({ key: k, target: target as EventTarget, ctrlKey: false, metaKey: false, altKey: false, repeat: false, ...mods });

describe('shortcutFor', () => {
  it('names Space and lower-cases letters', () => {
    expect(key(' ')).toBe('Space');
    expect(key('R')).toBe('r');
    expect(key('Escape')).toBe('Escape');
  });
  it('leaves keys typed into fields to the field, except Escape', () => {
    expect(key(' ', { tagName: 'INPUT' })).toBeNull();
    expect(key('r', { tagName: 'TEXTAREA' })).toBeNull();
    expect(key('Escape', { tagName: 'INPUT' })).toBe('Escape');
  });
  it('does not double-fire Space on a focused button', () => {
    expect(key(' ', { tagName: 'BUTTON' })).toBeNull();
  });
  it('ignores chords and auto-repeat (holding Space must not toggle the line 30 times)', () => {
    expect(key('r', null, { ctrlKey: true })).toBeNull();
    expect(key(' ', null, { repeat: true })).toBeNull();
  });
});
