import { nestMessages, type IAction, type IMessageElement, type IStep } from '@chainlit/react-client';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { buildRenderItems } from '../../../lib/messageTree';
import { ChatContext, defaultChatContext, type ChatContextValue } from '../ChatContext';
import { MessageTree } from '../MessageTree';

function step(partial: Partial<IStep> & Pick<IStep, 'id' | 'type'>): IStep {
  return { name: partial.type, output: '', createdAt: '2025-01-01T10:00:00Z', ...partial };
}

const conversation = nestMessages([
  step({ id: 'u1', type: 'user_message', name: 'alice', output: 'What is **2+2**?' }),
  step({ id: 'run', type: 'run', name: 'on_message', parentId: 'u1' }),
  step({ id: 'calc', type: 'tool', name: 'calculator', parentId: 'run', input: '{"a": 2}', output: '4', start: '2025-01-01T10:00:00Z', end: '2025-01-01T10:00:01.5Z' }),
  step({ id: 'bad', type: 'tool', name: 'lookup', parentId: 'run', isError: true, output: 'timeout' }),
  step({ id: 'a1', type: 'assistant_message', name: 'Bot', parentId: 'run', output: 'It is **4**.' })
]);

function renderTree(steps: IStep[], overrides: Partial<ChatContextValue> = {}) {
  const context: ChatContextValue = { ...defaultChatContext, readOnly: false, ...overrides };
  return render(
    <ChatContext.Provider value={context}>
      <MessageTree items={buildRenderItems(steps, context.cot)} />
    </ChatContext.Provider>
  );
}

describe('MessageTree', () => {
  it('renders user and assistant messages with markdown and authors', () => {
    renderTree(conversation);
    const user = screen.getByTestId('user-message');
    expect(within(user).getByText('2+2').tagName).toBe('STRONG');
    const reply = screen.getByRole('article', { name: 'Bot said' });
    expect(within(reply).getByText('4').tagName).toBe('STRONG');
    expect(within(reply).getByText('Bot')).toBeInTheDocument();
  });

  it('collapses steps until expanded, then shows input and output', async () => {
    renderTree(conversation);
    const toggle = screen.getByRole('button', { name: /Used calculator/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByText('1.5s')).toBeInTheDocument();
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('Input')).toBeInTheDocument();
    expect(screen.getByText('Output')).toBeInTheDocument();
  });

  it('keeps a step as the user left it when it unmounts and comes back (a virtualised thread)', async () => {
    const steps = nestMessages([step({ id: 'kept', type: 'tool', name: 'search', output: 'found it' })]);
    const first = renderTree(steps);
    await userEvent.click(screen.getByRole('button', { name: /Used search/ }));
    expect(screen.getByText('found it')).toBeInTheDocument();
    first.unmount();
    renderTree(steps);
    expect(screen.getByRole('button', { name: /Used search/ })).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('found it')).toBeInTheDocument();
  });

  it('opens failed steps and shows the error', () => {
    renderTree(conversation);
    const toggle = screen.getByRole('button', { name: /Error in lookup/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('timeout')).toBeInTheDocument();
  });

  it('shows a streaming message as busy', () => {
    const streaming = nestMessages([step({ id: 's', type: 'assistant_message', name: 'Bot', output: 'Hel', streaming: true })]);
    renderTree(streaming);
    expect(screen.getByRole('article', { name: 'Bot said' })).toHaveAttribute('aria-busy', 'true');
  });

  it('renders action buttons for their message and calls back on click', async () => {
    const onAction = vi.fn().mockResolvedValue(undefined);
    const action: IAction = { id: 'act1', name: 'approve', label: 'Approve', forId: 'a1', payload: {}, tooltip: '', onClick: () => undefined };
    renderTree(conversation, { actions: [action], onAction });
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(onAction).toHaveBeenCalledWith(action);
  });

  it('shows inline elements and side references of a message', async () => {
    const onOpenElement = vi.fn();
    const elements = [
      { id: 'e1', type: 'image', name: 'chart', display: 'inline', forId: 'a1', url: '/img.png' },
      { id: 'e2', type: 'file', name: 'report.pdf', display: 'side', forId: 'a1', url: '/r.pdf' }
    ] as IMessageElement[];
    renderTree(conversation, { elements, onOpenElement });
    expect(screen.getByRole('img', { name: 'chart' })).toHaveAttribute('src', '/img.png');
    await userEvent.click(screen.getByRole('button', { name: 'report.pdf' }));
    expect(onOpenElement).toHaveBeenCalledWith(elements[1]);
  });

  it('offers feedback on answers when persistence is on', async () => {
    const onFeedback = vi.fn().mockResolvedValue(undefined);
    renderTree(conversation, { feedbackEnabled: true, onFeedback });
    await userEvent.click(screen.getByRole('button', { name: 'Helpful' }));
    expect(onFeedback).toHaveBeenCalledWith(expect.objectContaining({ id: 'a1' }), expect.objectContaining({ forId: 'a1', value: 1 }));
  });
});
