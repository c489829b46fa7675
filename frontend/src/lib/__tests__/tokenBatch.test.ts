import { describe, expect, it } from 'vitest';

import { coalesceTokens, type StreamToken } from '../tokenBatch';

const tok = (id: string, token: string, isSequence = false, isInput = false): StreamToken => ({ id, token, isSequence, isInput });

/** What applying the tokens one by one gives: the text of each (id, field). */
function apply(tokens: StreamToken[]) {
  const text = new Map<string, string>();
  for (const t of tokens) {
    const key = `${t.id}/${t.isInput}`;
    text.set(key, t.isSequence ? t.token : (text.get(key) ?? '') + t.token);
  }
  return Object.fromEntries(text);
}

describe('coalesceTokens', () => {
  it('joins a run of appends into one token', () => {
    expect(coalesceTokens([tok('a', 'x'), tok('a', 'y'), tok('a', 'z')])).toEqual([tok('a', 'xyz')]);
  });

  it('lets a sequence token replace what came before it, and appends after it', () => {
    const tokens = [tok('a', 'old'), tok('a', 'new', true), tok('a', '!')];
    expect(coalesceTokens(tokens)).toEqual([tok('a', 'new!', true)]);
    expect(apply(coalesceTokens(tokens))).toEqual(apply(tokens));
  });

  it('keeps messages and input/output apart, in order', () => {
    const tokens = [tok('a', '1'), tok('b', '2'), tok('b', '3'), tok('a', '4'), tok('a', 'i', false, true), tok('a', '5')];
    const merged = coalesceTokens(tokens);
    expect(merged.map((t) => t.token)).toEqual(['1', '23', '4', 'i', '5']);
    expect(apply(merged)).toEqual(apply(tokens));
  });

  it('does not change its input', () => {
    const tokens = [tok('a', 'x'), tok('a', 'y')];
    coalesceTokens(tokens);
    expect(tokens).toEqual([tok('a', 'x'), tok('a', 'y')]);
  });

  it('gives nothing for nothing', () => {
    expect(coalesceTokens([])).toEqual([]);
  });
});
