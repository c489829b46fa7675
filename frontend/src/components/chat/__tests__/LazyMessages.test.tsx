import type { IStep } from '@chainlit/react-client';
import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { NearViewportContext, type ObserveNear } from '../../../hooks/useNearViewport';
import { buildRenderItems } from '../../../lib/messageTree';
import { ChatContext, defaultChatContext } from '../ChatContext';
import { MessageTree } from '../MessageTree';

const steps: IStep[] = [1, 2, 3].map((n) => ({
  id: `m${n}`,
  type: 'assistant_message',
  name: 'Bot',
  output: `Answer **${n}**`,
  createdAt: '2025-01-01T10:00:00Z'
}));

/** An observer the test drives: `near(el)` says that element scrolled near. */
function fakeObserver() {
  const waiting = new Map<Element, () => void>();
  const observe: ObserveNear = (el, onNear) => {
    waiting.set(el, onNear);
    return () => waiting.delete(el);
  };
  return { observe, waiting };
}

function renderLazy(observe: ObserveNear, lazyBefore: number) {
  return render(
    <ChatContext.Provider value={{ ...defaultChatContext, readOnly: false }}>
      <NearViewportContext.Provider value={observe}>
        <MessageTree items={buildRenderItems(steps, 'full')} lazyBefore={lazyBefore} />
      </NearViewportContext.Provider>
    </ChatContext.Provider>
  );
}

describe('lazy messages of a long thread', () => {
  it('shows old messages as raw text until they come near, then as markdown', () => {
    const { observe, waiting } = fakeObserver();
    renderLazy(observe, 2);
    const [first, second, third] = screen.getAllByTestId('assistant-message');
    expect(within(third).getByText('3').tagName).toBe('STRONG');
    expect(first.querySelector('.markdown.pending')?.textContent).toBe('Answer **1**');
    expect(second.querySelector('.markdown.pending')).not.toBeNull();
    expect(waiting.size).toBe(2);

    const firstPlaceholder = first.querySelector('.markdown.pending')!;
    act(() => waiting.get(firstPlaceholder)!());
    expect(within(first).getByText('1').tagName).toBe('STRONG');
    expect(second.querySelector('.markdown.pending')).not.toBeNull();
  });

  it('renders everything at once without an observer', () => {
    render(
      <ChatContext.Provider value={{ ...defaultChatContext, readOnly: false }}>
        <MessageTree items={buildRenderItems(steps, 'full')} lazyBefore={3} />
      </ChatContext.Provider>
    );
    expect(document.querySelectorAll('.markdown.pending')).toHaveLength(0);
    expect(screen.getAllByText(/^[123]$/).map((el) => el.tagName)).toEqual(['STRONG', 'STRONG', 'STRONG']);
  });
});
