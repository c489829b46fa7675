import { afterEach, describe, expect, it } from 'vitest';

import { parseBuildStatus, RELOAD_KEY, RELOAD_MAX_AGE_MS, rememberReload, takeReloadNote } from '../devWatch';

afterEach(() => sessionStorage.clear());

describe('parseBuildStatus', () => {
  it('reads ok and failed builds and ignores everything else', () => {
    expect(parseBuildStatus({ ok: true })).toBeNull();
    expect(parseBuildStatus({ ok: true, error: 'left over' })).toBeNull();
    expect(parseBuildStatus({ ok: false, error: 'e', target: 't' })).toEqual({ error: 'e', target: 't' });
    expect(parseBuildStatus({ ok: false })).toEqual({ error: undefined, target: undefined });
    for (const junk of [undefined, null, true, 'x', 1, [], [{ ok: true }], {}, { ok: 'true' }, { ok: 0 }]) {
      expect(parseBuildStatus(junk)).toBeUndefined();
    }
  });

  it('cuts a runaway error text', () => {
    const failure = parseBuildStatus({ ok: false, error: 'x'.repeat(50_000) });
    expect(failure?.error?.length).toBe(20_001);
    expect(failure?.error?.endsWith('…')).toBe(true);
  });
});

describe('reload note', () => {
  it('comes back once while fresh', () => {
    rememberReload(sessionStorage, 't1', 1_000);
    expect(takeReloadNote(sessionStorage, 1_000 + RELOAD_MAX_AGE_MS - 1)).toEqual({ threadId: 't1' });
    expect(takeReloadNote(sessionStorage, 1_000)).toBeUndefined();
  });

  it('is dropped when stale, from the future, or malformed', () => {
    for (const [raw, now] of [
      [JSON.stringify({ threadId: 't', at: 1_000 }), 1_000 + RELOAD_MAX_AGE_MS],
      [JSON.stringify({ threadId: 't', at: 5_000 }), 1_000],
      [JSON.stringify({ threadId: 't', at: 'soon' }), 1_000],
      [JSON.stringify(['t', 1_000]), 1_000],
      ['null', 1_000],
      ['{', 1_000]
    ] as const) {
      sessionStorage.setItem(RELOAD_KEY, raw);
      expect(takeReloadNote(sessionStorage, now)).toBeUndefined();
      expect(sessionStorage.getItem(RELOAD_KEY)).toBeNull();
    }
  });

  it('keeps only a non-empty string thread id', () => {
    sessionStorage.setItem(RELOAD_KEY, JSON.stringify({ threadId: 42, at: 1_000 }));
    expect(takeReloadNote(sessionStorage, 1_000)).toEqual({ threadId: null });
    sessionStorage.setItem(RELOAD_KEY, JSON.stringify({ threadId: '', at: 1_000 }));
    expect(takeReloadNote(sessionStorage, 1_000)).toEqual({ threadId: null });
  });
});
