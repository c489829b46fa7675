import { nestMessages, type IStep } from '@chainlit/react-client';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { buildRenderItems } from '../../../lib/messageTree';
import { ChatContext, defaultChatContext, type ChatContextValue } from '../ChatContext';
import { MessageTree } from '../MessageTree';

type Step2 = IStep & { autoCollapse?: boolean; tags?: string[] };

function step(partial: Partial<Step2> & Pick<IStep, 'id' | 'type'>): Step2 {
  return { name: partial.type, output: 'done', createdAt: '2025-01-01T10:00:00Z', ...partial };
}

function tree(steps: IStep[], loading: boolean) {
  const context: ChatContextValue = { ...defaultChatContext, readOnly: false, loading };
  return (
    <ChatContext.Provider value={context}>
      <MessageTree items={buildRenderItems(nestMessages(steps), context.cot)} />
    </ChatContext.Provider>
  );
}

describe('Chainlit 2.x step fields', () => {
  it('shows a step icon (metadata.icon) and its tags', () => {
    render(tree([step({ id: 'web', type: 'tool', name: 'search', metadata: { icon: 'globe' }, tags: ['web', 'fast'] })], false));
    const toggle = screen.getByRole('button', { name: /Used search/ });
    expect(within(toggle).getByTestId('step-icon')).toHaveAttribute('data-icon', 'globe');
    expect(within(toggle).getAllByTestId('step-tag').map((t) => t.textContent)).toEqual(['web', 'fast']);
  });

  it('shows no icon or tags when the step has none', () => {
    render(tree([step({ id: 'plain', type: 'tool', name: 'plain' })], false));
    expect(screen.queryByTestId('step-icon')).toBeNull();
    expect(screen.queryByTestId('step-tag')).toBeNull();
  });

  it('auto_collapse: open while the step runs, closed once it ends', () => {
    const running = step({ id: 'ac', type: 'tool', name: 'think', autoCollapse: true, start: '2025-01-01T10:00:00Z', output: 'working' });
    const view = render(tree([running], true));
    expect(screen.getByRole('button', { name: /think/ })).toHaveAttribute('aria-expanded', 'true');
    view.rerender(tree([{ ...running, end: '2025-01-01T10:00:02Z' }], true));
    expect(screen.getByRole('button', { name: /think/ })).toHaveAttribute('aria-expanded', 'false');
  });

  it('auto_collapse leaves a step the user opened open, and does not close an error', async () => {
    const running = step({ id: 'kept', type: 'tool', name: 'mine', autoCollapse: true, start: '2025-01-01T10:00:00Z' });
    const view = render(tree([running], true));
    const toggle = screen.getByRole('button', { name: /mine/ });
    await userEvent.click(toggle); // closes it: the user's choice from now on
    await userEvent.click(toggle);
    view.rerender(tree([{ ...running, end: '2025-01-01T10:00:02Z' }], true));
    expect(screen.getByRole('button', { name: /mine/ })).toHaveAttribute('aria-expanded', 'true');

    const failing = step({ id: 'err', type: 'tool', name: 'bad', autoCollapse: true, isError: true, output: 'boom', end: '2025-01-01T10:00:01Z' });
    view.rerender(tree([failing], true));
    expect(screen.getByRole('button', { name: /bad/ })).toHaveAttribute('aria-expanded', 'true');
  });
});
