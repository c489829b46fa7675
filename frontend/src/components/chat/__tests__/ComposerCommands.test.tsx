import type { ICommand } from '@chainlit/react-client';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { Composer } from '../Composer';

const commands: ICommand[] = [
  { id: 'Search', icon: 'globe', description: 'Find on the web' },
  { id: 'Summarize', icon: 'list', description: 'Make it short' },
  { id: 'Draw', icon: 'image', description: 'Make a picture', button: true, persistent: true },
  { id: 'Shout', icon: 'megaphone', description: 'In capitals', button: true }
];

function setup() {
  const onSubmit = vi.fn();
  render(<Composer onSubmit={onSubmit} onStop={() => undefined} canSubmit loading={false} persistHistory={false} commands={commands} />);
  const input = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
  return { onSubmit, input };
}

const options = () => within(screen.getByRole('listbox', { name: 'Commands' })).getAllByRole('option');

describe('Composer commands', () => {
  it('opens the picker on /, filters as the user types and picks with Enter', async () => {
    const { onSubmit, input } = setup();
    await userEvent.type(input, '/');
    expect(options().map((o) => o.textContent)).toEqual(['SearchFind on the web', 'SummarizeMake it short', 'DrawMake a picture', 'ShoutIn capitals']);
    await userEvent.type(input, 'su');
    expect(options()).toHaveLength(1);
    expect(input).toHaveAttribute('aria-activedescendant', options()[0].id);
    await userEvent.keyboard('{Enter}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input.value).toBe('');
    expect(screen.getByTestId('selected-command')).toHaveTextContent('Summarize');
    await userEvent.type(input, 'this text{Enter}');
    expect(onSubmit).toHaveBeenCalledWith('this text', 'Summarize');
    // Not persistent: gone after the message.
    expect(screen.queryByTestId('selected-command')).toBeNull();
  });

  it('moves with the arrows, and Escape closes the picker so Enter sends the text', async () => {
    const { onSubmit, input } = setup();
    await userEvent.type(input, 'say /');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(options()[2]).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{ArrowUp}');
    expect(options()[1]).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{Escape}{Enter}');
    expect(onSubmit).toHaveBeenCalledWith('say /', undefined);
  });

  it('keeps the words around the /word the user picked from', async () => {
    const { onSubmit, input } = setup();
    await userEvent.type(input, 'cats /se');
    await userEvent.click(screen.getByRole('option', { name: /Search/ }));
    expect(input.value).toBe('cats ');
    await userEvent.keyboard('{Enter}');
    expect(onSubmit).toHaveBeenCalledWith('cats', 'Search');
  });

  it('the picker button lists the commands that are not buttons', async () => {
    setup();
    await userEvent.click(screen.getByRole('button', { name: 'Commands' }));
    expect(options().map((o) => o.textContent)).toEqual(['SearchFind on the web', 'SummarizeMake it short']);
    await userEvent.click(screen.getByRole('option', { name: /Search/ }));
    expect(screen.getByTestId('selected-command')).toHaveTextContent('Search');
  });

  it('command buttons toggle; a persistent one stays chosen after sending', async () => {
    const { onSubmit, input } = setup();
    const draw = screen.getByRole('button', { name: 'Draw' });
    await userEvent.click(draw);
    expect(draw).toHaveAttribute('aria-pressed', 'true');
    await userEvent.type(input, 'a cat{Enter}');
    await userEvent.type(input, 'a dog{Enter}');
    expect(onSubmit.mock.calls).toEqual([['a cat', 'Draw'], ['a dog', 'Draw']]);
    expect(draw).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(draw);
    expect(draw).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(screen.getByRole('button', { name: 'Shout' }));
    await userEvent.type(input, 'hey{Enter}');
    expect(onSubmit).toHaveBeenLastCalledWith('hey', 'Shout');
    expect(screen.getByRole('button', { name: 'Shout' })).toHaveAttribute('aria-pressed', 'false');
  });

  it('Backspace at the start or the chip button removes the command; a command alone can be sent', async () => {
    const { onSubmit, input } = setup();
    await userEvent.click(screen.getByRole('button', { name: 'Draw' }));
    await userEvent.click(input);
    await userEvent.keyboard('{Backspace}');
    expect(screen.queryByTestId('selected-command')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Shout' }));
    await userEvent.click(screen.getByRole('button', { name: 'Remove command Shout' }));
    expect(screen.queryByTestId('selected-command')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Shout' }));
    await userEvent.click(screen.getByRole('button', { name: 'Send message' }));
    expect(onSubmit).toHaveBeenCalledWith('', 'Shout');
  });

  it('without commands, / is only text', async () => {
    const onSubmit = vi.fn();
    render(<Composer onSubmit={onSubmit} onStop={() => undefined} canSubmit loading={false} persistHistory={false} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), '/x{Enter}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Commands' })).toBeNull();
    expect(onSubmit).toHaveBeenCalledWith('/x', undefined);
  });
});
