import type { IStep } from '@chainlit/react-client';
import { render, screen } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { buildRenderItems } from '../../../lib/messageTree';
import { ChatContext, defaultChatContext } from '../ChatContext';
import { MessageList, VIRTUAL_FROM } from '../MessageList';

function thread(count: number): IStep[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `m${i}`,
    type: i % 2 ? 'assistant_message' : 'user_message',
    name: i % 2 ? 'Bot' : 'alice',
    output: `Message number ${i}`,
    createdAt: '2025-01-01T10:00:00Z'
  }));
}

function List({ steps }: { steps: IStep[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  return (
    <ChatContext.Provider value={{ ...defaultChatContext, readOnly: false }}>
      <div className="messages-scroll" ref={scrollRef} data-testid="scroller">
        <div className="messages">
          <MessageList items={buildRenderItems(steps, 'full')} scrollRef={scrollRef} />
        </div>
      </div>
    </ChatContext.Provider>
  );
}

const shown = () => screen.queryAllByRole('article').map((a) => a.getAttribute('data-step-id'));

describe('MessageList', () => {
  // jsdom lays nothing out: the scroller shows 600 px, each item measures 100 px. (Starting at
  // the end and following a stream need real scrolling: tests/e2e/perf.test.mjs checks them.)
  beforeEach(() => {
    vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(800);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(100);
  });
  afterEach(() => vi.restoreAllMocks());

  it('renders every message of a short thread', () => {
    render(<List steps={thread(VIRTUAL_FROM - 1)} />);
    expect(shown()).toHaveLength(VIRTUAL_FROM - 1);
  });

  // The scroller mounts with the list here (as in a read-only thread): its ref is not set yet
  // when the virtualizer first looks for it.
  it('mounts only the first screenful of a long thread, with room below for the rest', () => {
    const { container } = render(<List steps={thread(1000)} />);
    const ids = shown();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(30);
    expect(ids[0]).toBe('m0');
    const spacers = container.querySelectorAll<HTMLElement>('.virtual-spacer');
    expect(spacers).toHaveLength(2);
    expect(spacers[0].style.height).toBe('0px');
    expect(parseFloat(spacers[1].style.height)).toBeGreaterThan(10_000);
  });
});
