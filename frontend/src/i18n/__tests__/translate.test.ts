import { describe, expect, it } from 'vitest';

import { createT, interpolate, lookup, type Translation } from '../translate';

const english: Translation = {
  chat: { input: { placeholder: 'Type here', send: 'Send' }, files_one: '{{count}} file', files_other: '{{count}} files' },
  greeting: 'Hello {{name}}'
};

describe('translate', () => {
  it('looks up dotted keys, not groups', () => {
    expect(lookup(english, 'chat.input.placeholder')).toBe('Type here');
    expect(lookup(english, 'chat.input')).toBeUndefined();
    expect(lookup(english, 'chat.input.placeholder.more')).toBeUndefined();
    expect(lookup(english, 'nope')).toBeUndefined();
  });

  it('fills {{vars}} and leaves unknown ones', () => {
    expect(interpolate('Hello {{name}}, {{ other }}', { name: 'Ada' })).toBe('Hello Ada, {{ other }}');
  });

  it('prefers the first layer, falls back to later ones, and shows a missing key as itself', () => {
    const t = createT('fr', [{ chat: { input: { placeholder: 'Écrivez ici' } } }, english]);
    expect(t('chat.input.placeholder')).toBe('Écrivez ici');
    expect(t('chat.input.send')).toBe('Send');
    expect(t('greeting', { name: 'Ada' })).toBe('Hello Ada');
    expect(t('no.such.key')).toBe('no.such.key');
  });

  it('picks the plural form of the language', () => {
    const en = createT('en-US', [english]);
    expect(en('chat.files', { count: 1 })).toBe('1 file');
    expect(en('chat.files', { count: 3 })).toBe('3 files');
    // French: 0 and 1 are "one".
    const fr = createT('fr', [{ chat: { files_one: '{{count}} fichier', files_other: '{{count}} fichiers' } }]);
    expect(fr('chat.files', { count: 0 })).toBe('0 fichier');
    expect(fr('chat.files', { count: 2 })).toBe('2 fichiers');
    // Japanese has only "other".
    const ja = createT('ja', [{ chat: { files_other: '{{count}} 個' } }, english]);
    expect(ja('chat.files', { count: 1 })).toBe('1 個');
  });
});
