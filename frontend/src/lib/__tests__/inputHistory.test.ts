import { describe, expect, it } from 'vitest';

import { emptyHistory, MAX_HISTORY_ENTRIES, recordEntry, stepBack, stepForward } from '../inputHistory';

describe('input history', () => {
  it('walks back through sent messages and forward to the draft', () => {
    let state = emptyHistory();
    state = recordEntry(state, 'first');
    state = recordEntry(state, 'second');

    let step = stepBack(state, 'draft in progress');
    expect(step.text).toBe('second');
    step = stepBack(step.state, 'second');
    expect(step.text).toBe('first');
    expect(stepBack(step.state, 'first').text).toBeNull();

    step = stepForward(step.state);
    expect(step.text).toBe('second');
    step = stepForward(step.state);
    expect(step.text).toBe('draft in progress');
    expect(step.state.cursor).toBeNull();
    expect(stepForward(step.state).text).toBeNull();
  });

  it('does nothing when empty and ignores blank entries', () => {
    const state = recordEntry(emptyHistory(), '   ');
    expect(state.entries).toEqual([]);
    expect(stepBack(state, 'x').text).toBeNull();
  });

  it('moves a repeated entry to the end instead of duplicating it', () => {
    let state = emptyHistory();
    for (const text of ['a', 'b', 'a']) state = recordEntry(state, text);
    expect(state.entries).toEqual(['b', 'a']);
  });

  it('keeps at most MAX_HISTORY_ENTRIES', () => {
    let state = emptyHistory();
    for (let i = 0; i < MAX_HISTORY_ENTRIES + 10; i++) state = recordEntry(state, `m${i}`);
    expect(state.entries).toHaveLength(MAX_HISTORY_ENTRIES);
    expect(state.entries[0]).toBe('m10');
  });
});
