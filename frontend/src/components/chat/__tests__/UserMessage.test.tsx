import type { IStep } from '@chainlit/react-client';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { ChatContext, defaultChatContext, type ChatContextValue } from '../ChatContext';
import { UserMessage } from '../UserMessage';

const message: IStep = { id: 'u1', type: 'user_message', name: 'alice', output: 'first text', createdAt: '2025-01-01T10:00:00Z', command: 'search' };

function setup(overrides: Partial<ChatContextValue> = {}) {
  const onEdit = vi.fn();
  const context: ChatContextValue = { ...defaultChatContext, readOnly: false, editEnabled: true, canEdit: true, onEdit, ...overrides };
  render(
    <ChatContext.Provider value={context}>
      <UserMessage step={message} lazy={false} />
    </ChatContext.Provider>
  );
  return { onEdit };
}

describe('UserMessage editing', () => {
  it('sends the new text with Enter and shows the message again', async () => {
    const { onEdit } = setup();
    await userEvent.click(screen.getByRole('button', { name: 'Edit message' }));
    const box = screen.getByRole('textbox', { name: 'Edited message' });
    expect(box).toHaveFocus();
    await userEvent.clear(box);
    await userEvent.type(box, 'second text{Enter}');
    expect(onEdit).toHaveBeenCalledWith(message, 'second text');
    expect(screen.queryByRole('textbox', { name: 'Edited message' })).toBeNull();
  });

  it('leaves the message as it was on Escape, Cancel or an unchanged text', async () => {
    const { onEdit } = setup();
    await userEvent.click(screen.getByRole('button', { name: 'Edit message' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Edited message' }), ' more{Escape}');
    await userEvent.click(screen.getByRole('button', { name: 'Edit message' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.click(screen.getByRole('button', { name: 'Edit message' }));
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onEdit).not.toHaveBeenCalled();
    expect(screen.getByText('first text')).toBeInTheDocument();
  });

  it('offers no edit when the feature is off or the thread is read-only, and waits while a task runs', () => {
    setup({ editEnabled: false });
    expect(screen.queryByRole('button', { name: 'Edit message' })).toBeNull();
    cleanup();
    setup({ readOnly: true });
    expect(screen.queryByRole('button', { name: 'Edit message' })).toBeNull();
    cleanup();
    setup({ canEdit: false });
    expect(screen.getByRole('button', { name: 'Edit message' })).toBeDisabled();
  });
});
