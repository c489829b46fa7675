import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import type { Translation } from '../translate';

// The built-in translations (also embedded in the server, which serves them at
// /project/translations): each must have every English string, no other, with the same
// {{placeholders}}. Plural forms (`key_one`, `key_other`, ...) count as their key; each plural
// key needs at least its `_other` form.
const dir = join(__dirname, '..', '..', 'translations');
const load = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Translation;

function flatten(tr: Translation, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tr)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, '');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

function byBase(strings: Map<string, string>) {
  const out = new Map<string, { forms: string[]; vars: string[] }>();
  for (const [key, text] of strings) {
    const entry = out.get(base(key)) ?? { forms: [], vars: [] };
    entry.forms.push(key.match(PLURAL)?.[1] ?? '');
    entry.vars = [...new Set([...entry.vars, ...placeholders(text)])].sort();
    out.set(base(key), entry);
  }
  return out;
}

const english = byBase(flatten(load('en-US.json')));
const others = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'en-US.json');

describe('built-in translations', () => {
  it('include English and at least six other languages', () => {
    expect(others.sort()).toEqual(expect.arrayContaining(['de.json', 'es.json', 'fr.json', 'ja.json', 'pt-BR.json', 'zh-CN.json']));
  });

  it.each(others)('%s has every English string, no other, with the same placeholders', (file) => {
    const strings = flatten(load(file));
    const mine = byBase(strings);
    expect([...mine.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, { forms, vars }] of mine) {
      const en = english.get(key)!;
      expect({ key, vars }).toEqual({ key, vars: en.vars });
      if (en.forms.some((f) => f)) expect({ key, hasOther: forms.includes('other') }).toEqual({ key, hasOther: true });
      else expect({ key, forms }).toEqual({ key, forms: [''] });
    }
    // Translated, not copied: most strings differ from English.
    const en = flatten(load('en-US.json'));
    const same = [...strings].filter(([k, v]) => en.get(k) === v).length;
    expect(same / strings.size).toBeLessThan(0.2);
  });
});
