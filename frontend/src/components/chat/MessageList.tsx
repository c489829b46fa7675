import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

import type { RenderItem } from '../../lib/messageTree';
import { MessageTree, RenderItemView } from './MessageTree';

/** From this many top-level items on, only the items near the visible part are mounted. */
export const VIRTUAL_FROM = 200;
/** The gap between items, in px: the same as `.messages` and `.virtual-item` in app.css. */
const GAP_PX = 16;

interface Props {
  items: RenderItem[];
  /** The element that scrolls the list (`.messages-scroll`). */
  scrollRef: RefObject<HTMLElement | null>;
  /** Short lists: messages before this index render their markdown when scrolled near. */
  lazyBefore?: number;
  /** Asked when a long list mounts: true to start at its end (the chat follows new content). */
  startAtEnd?: () => boolean;
}

/**
 * The chat's message list. Up to VIRTUAL_FROM items it is the plain MessageTree (everything in
 * the page: find-in-page, and the old messages' markdown rendered when scrolled near). A longer
 * thread (a resumed one of 1,000 messages) is virtualised with @tanstack/react-virtual: only the
 * items on screen and a few around them are in the DOM, measured as they mount, so opening and
 * scrolling cost the same for 300 or 3,000 messages. The mounted items sit in the normal flow
 * between two spacers, so the page height below them is exact and useStickToBottom keeps a
 * streaming reply in view as it does for a short thread.
 */
export function MessageList({ items, scrollRef, lazyBefore = 0, startAtEnd }: Props) {
  if (items.length < VIRTUAL_FROM) return <MessageTree items={items} lazyBefore={lazyBefore} />;
  return <VirtualMessageList items={items} scrollRef={scrollRef} startAtEnd={startAtEnd} />;
}

/** A rough height before an item is measured: messages by text length, steps collapsed. */
function estimateHeight(item: RenderItem | undefined): number {
  if (!item) return 80;
  if (item.kind === 'step') return 32;
  const text = item.step.output ?? '';
  const lines = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / 85)), 0);
  return (item.step.type === 'user_message' ? 18 : 44) + lines * 24;
}

function VirtualMessageList({ items, scrollRef, startAtEnd }: Omit<Props, 'lazyBefore'>) {
  const listRef = useRef<HTMLDivElement>(null);
  // Where the list starts inside the scrolled content (the padding and anything above it).
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    const list = listRef.current;
    const scroller = scrollRef.current ?? list?.closest<HTMLElement>('.messages-scroll');
    if (!list || !scroller) return;
    const margin = Math.round(list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop);
    setScrollMargin((previous) => (previous === margin ? previous : margin));
  });

  const virtualizer = useVirtualizer({
    count: items.length,
    // When the scroller mounts with the list (a read-only thread), its ref is set only after
    // this component's layout effects, where the virtualizer looks for it: find it in the DOM.
    getScrollElement: () => scrollRef.current ?? listRef.current?.closest<HTMLElement>('.messages-scroll') ?? null,
    estimateSize: (index) => estimateHeight(items[index]),
    getItemKey: (index) => items[index]?.step.id ?? index,
    overscan: 4,
    gap: GAP_PX,
    scrollMargin
  });
  // The browser's scroll anchoring keeps what is on screen in place when an item above it is
  // measured (the items are in the normal flow between two spacers). The virtualizer's own
  // correction writes a scroll offset read before the user's latest scroll, undoing part of it.
  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = () => false;

  // On mount the virtualizer writes its own offset (0) to the scroller, after the chat's
  // stick-to-bottom has run: a chat that follows its end asks for the last item instead.
  const mountedAtEnd = useRef(false);
  useLayoutEffect(() => {
    if (mountedAtEnd.current) return;
    mountedAtEnd.current = true;
    if (startAtEnd?.()) virtualizer.scrollToEnd();
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const before = first ? first.start - scrollMargin : 0;
  const after = last ? Math.max(0, virtualizer.getTotalSize() - (last.end - scrollMargin)) : 0;

  return (
    <div ref={listRef} className="virtual-list">
      <div className="virtual-spacer" style={{ height: before }} />
      {rows.map((row) => {
        const item = items[row.index];
        return (
          <div key={row.key} data-index={row.index} ref={virtualizer.measureElement} className="virtual-item">
            {item && <RenderItemView item={item} />}
          </div>
        );
      })}
      <div className="virtual-spacer" style={{ height: after }} />
    </div>
  );
}
