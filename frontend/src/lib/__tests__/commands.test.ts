import type { ICommand } from '@chainlit/react-client';
import { describe, expect, it } from 'vitest';

import { matchCommands, removeToken, slashTokenAt } from '../commands';

const commands: ICommand[] = [
  { id: 'Search', icon: 'globe', description: 'Find on the web' },
  { id: 'Summarize', icon: 'list', description: 'Make it short' },
  { id: 'Draw', icon: 'image', description: 'A picture', button: true }
];

describe('slash commands', () => {
  it('finds the /word before the caret at the start or after a space', () => {
    expect(slashTokenAt('/', 1)).toEqual({ start: 0, end: 1, query: '' });
    expect(slashTokenAt('/su', 3)).toEqual({ start: 0, end: 3, query: 'su' });
    expect(slashTokenAt('hello /Dr', 9)).toEqual({ start: 6, end: 9, query: 'Dr' });
    expect(slashTokenAt('line\n/s', 7)).toEqual({ start: 5, end: 7, query: 's' });
  });

  it('opens nothing inside a word, a path or once a space follows', () => {
    expect(slashTokenAt('a/b', 3)).toBeNull();
    expect(slashTokenAt('see http://x', 12)).toBeNull();
    expect(slashTokenAt('/search now', 11)).toBeNull();
    expect(slashTokenAt('plain', 5)).toBeNull();
  });

  it('filters by the start of the id, ignoring case', () => {
    expect(matchCommands(commands, '').map((c) => c.id)).toEqual(['Search', 'Summarize', 'Draw']);
    expect(matchCommands(commands, 's').map((c) => c.id)).toEqual(['Search', 'Summarize']);
    expect(matchCommands(commands, 'SUM').map((c) => c.id)).toEqual(['Summarize']);
    expect(matchCommands(commands, 'x')).toEqual([]);
  });

  it('removes the token and one space after it', () => {
    expect(removeToken('/se', { start: 0, end: 3, query: 'se' })).toEqual({ text: '', caret: 0 });
    expect(removeToken('hi /se there', { start: 3, end: 6, query: 'se' })).toEqual({ text: 'hi there', caret: 3 });
  });
});
