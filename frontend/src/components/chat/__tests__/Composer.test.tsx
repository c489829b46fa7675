import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { Composer, type ComposerProps } from '../Composer';

function setup(overrides: Partial<ComposerProps> = {}) {
  const onSubmit = vi.fn();
  const onStop = vi.fn();
  render(<Composer onSubmit={onSubmit} onStop={onStop} canSubmit loading={false} persistHistory={false} {...overrides} />);
  const input = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
  return { onSubmit, onStop, input };
}

describe('Composer', () => {
  it('sends on Enter and clears the box', async () => {
    const { onSubmit, input } = setup();
    await userEvent.type(input, 'hello{Enter}');
    expect(onSubmit).toHaveBeenCalledWith('hello', undefined);
    expect(input.value).toBe('');
  });

  it('adds a new line on Shift+Enter', async () => {
    const { onSubmit, input } = setup();
    await userEvent.type(input, 'line 1{Shift>}{Enter}{/Shift}line 2');
    expect(onSubmit).not.toHaveBeenCalled();
    expect(input.value).toBe('line 1\nline 2');
  });

  it('does not send blank text or when sending is not allowed', async () => {
    const first = setup({ canSubmit: false });
    await userEvent.type(first.input, 'hi{Enter}');
    expect(first.onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Send message' })).toBeDisabled();
  });

  it('recalls earlier messages with ArrowUp and returns to the draft with ArrowDown', async () => {
    const { input } = setup();
    await userEvent.type(input, 'one{Enter}two{Enter}draft');
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input.value).toBe('two');
    input.setSelectionRange(0, 0);
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input.value).toBe('one');
    input.setSelectionRange(input.value.length, input.value.length);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.value).toBe('two');
    input.setSelectionRange(input.value.length, input.value.length);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.value).toBe('draft');
  });

  it('shows a stop button while a task runs', async () => {
    const { onStop } = setup({ loading: true });
    expect(screen.queryByRole('button', { name: 'Send message' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(onStop).toHaveBeenCalledOnce();
  });

  it('hands picked files to the upload callback', async () => {
    const onFiles = vi.fn();
    setup({ upload: { accept: 'text/plain', onFiles } });
    const file = new File(['x'], 'notes.txt', { type: 'text/plain' });
    await userEvent.upload(screen.getByTestId('file-input'), file);
    expect(onFiles).toHaveBeenCalledWith([file]);
    expect(screen.getByRole('button', { name: 'Attach files' })).toBeInTheDocument();
  });
});
