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

  it('lays out a long list in chunks of 50, every message in order', () => {
    const many: IStep[] = Array.from({ length: 230 }, (_, n) => ({
      id: `s${n}`,
      type: 'assistant_message',
      name: 'Bot',
      output: `Answer ${n}`,
      createdAt: '2025-01-01T10:00:00Z'
    }));
    const { observe } = fakeObserver();
    const { container } = render(
      <ChatContext.Provider value={{ ...defaultChatContext, readOnly: false }}>
        <NearViewportContext.Provider value={observe}>
          <MessageTree items={buildRenderItems(many, 'full')} lazyBefore={190} />
        </NearViewportContext.Provider>
      </ChatContext.Provider>
    );
    const chunks = container.querySelectorAll('.message-chunk');
    expect(Array.from(chunks, (c) => c.children.length)).toEqual([50, 50, 50, 50, 30]);
    const ids = screen.getAllByTestId('assistant-message').map((el) => el.getAttribute('data-step-id'));
    expect(ids).toEqual(many.map((m) => m.id));
    // The lazy boundary holds across chunks: the last 40 are rendered as markdown.
    expect(container.querySelectorAll('.markdown.pending')).toHaveLength(190);
  });
});
