import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

const THRESHOLD_PX = 80;

/**
 * Keeps a scroll container pinned to the bottom while new content arrives, unless the user
 * scrolled up to read; `scrollToBottom` brings them back.
 */
export function useStickToBottom<T extends HTMLElement>(contentVersion: unknown, enabled = true) {
  const ref = useRef<T>(null);
  const pinned = useRef(true);
  const [atBottom, setAtBottom] = useState(true);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = () => {
      const distance = el.scrollHeight - el.scrollTop - el.clientHeight;
      pinned.current = distance < THRESHOLD_PX;
      setAtBottom(pinned.current);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && enabled && pinned.current) el.scrollTop = el.scrollHeight;
  }, [contentVersion, enabled]);

  const scrollToBottom = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    pinned.current = true;
    setAtBottom(true);
    el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
  }, []);

  const pin = useCallback(() => {
    pinned.current = true;
  }, []);

  return { ref, atBottom, scrollToBottom, pin };
}
