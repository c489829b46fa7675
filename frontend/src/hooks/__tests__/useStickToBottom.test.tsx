import { act, render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { useStickToBottom } from '../useStickToBottom';

/** jsdom lays nothing out: the scroller's sizes are set by hand, as a browser would have them. */
function fakeLayout(el: HTMLElement, scrollHeight: number, clientHeight = 500) {
  Object.defineProperty(el, 'scrollHeight', { configurable: true, value: scrollHeight });
  Object.defineProperty(el, 'clientHeight', { configurable: true, value: clientHeight });
}

function scrollTo(el: HTMLElement, top: number) {
  el.scrollTop = top;
  el.dispatchEvent(new Event('scroll'));
}

let api: ReturnType<typeof useStickToBottom<HTMLDivElement>>;
function Scroller({ version }: { version: number }) {
  api = useStickToBottom<HTMLDivElement>(version);
  return (
    <div ref={api.ref} data-testid="scroller">
      <div />
    </div>
  );
}

describe('useStickToBottom', () => {
  it('stays pinned when content grows far below the view without a scroll up', () => {
    const { getByTestId } = render(<Scroller version={0} />);
    const el = getByTestId('scroller');
    fakeLayout(el, 1000);
    act(() => scrollTo(el, 500));
    expect(api.isPinned()).toBe(true);
    // A burst of tokens: the content is 2,000 px taller before the next frame, and the browser
    // reports a scroll (anchoring) at the same offset.
    fakeLayout(el, 3000);
    act(() => scrollTo(el, 500));
    expect(api.isPinned()).toBe(true);
    expect(api.atBottom).toBe(true);
  });

  it('lets go when the user scrolls up, and pins again back at the bottom', () => {
    const { getByTestId } = render(<Scroller version={0} />);
    const el = getByTestId('scroller');
    fakeLayout(el, 3000);
    act(() => scrollTo(el, 2500));
    act(() => scrollTo(el, 1200));
    expect(api.isPinned()).toBe(false);
    expect(api.atBottom).toBe(false);
    // Scrolling down but not to the end keeps it unpinned; the end pins it again.
    act(() => scrollTo(el, 2000));
    expect(api.isPinned()).toBe(false);
    act(() => scrollTo(el, 2450));
    expect(api.isPinned()).toBe(true);
    expect(api.atBottom).toBe(true);
  });

  it('follows a new content version only while pinned', () => {
    const { getByTestId, rerender } = render(<Scroller version={0} />);
    const el = getByTestId('scroller');
    fakeLayout(el, 2000);
    rerender(<Scroller version={1} />);
    expect(el.scrollTop).toBe(2000);
    act(() => void el.dispatchEvent(new Event('scroll'))); // the browser reports that scroll
    act(() => scrollTo(el, 300));
    fakeLayout(el, 2600);
    rerender(<Scroller version={2} />);
    expect(el.scrollTop).toBe(300);
  });
});
