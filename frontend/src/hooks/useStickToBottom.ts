import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

const THRESHOLD_PX = 80;

/**
 * Keeps a scroll container pinned to the bottom while new content arrives, unless the user
 * scrolled up to read; `scrollToBottom` brings them back. Content that grows without a new
 * `contentVersion` (an image loading, a long thread's items measured as they mount) is followed
 * too: the container's first child is watched with a ResizeObserver.
 */
export function useStickToBottom<T extends HTMLElement>(contentVersion: unknown, enabled = true) {
  const ref = useRef<T>(null);
  const pinned = useRef(true);
  const enabledRef = useRef(enabled);
  enabledRef.current = enabled;
  const [atBottom, setAtBottom] = useState(true);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Only a scroll towards the top lets go of the bottom. Content that grows between two
    // frames (a burst of tokens, a long thread's items measured as they mount) puts the view
    // far from the bottom without any scroll up; reading the distance alone would unpin it
    // there, and on a loaded machine the latest message then stays below the screen.
    let lastTop = el.scrollTop;
    const onScroll = () => {
      const top = el.scrollTop;
      const distance = el.scrollHeight - top - el.clientHeight;
      if (distance < THRESHOLD_PX) pinned.current = true;
      else if (top < lastTop - 1) pinned.current = false;
      lastTop = top;
      setAtBottom(pinned.current);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const content = el.firstElementChild;
    const observer =
      content && typeof ResizeObserver !== 'undefined'
        ? new ResizeObserver(() => {
            if (pinned.current && enabledRef.current) el.scrollTop = el.scrollHeight;
          })
        : undefined;
    if (content) observer?.observe(content);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer?.disconnect();
    };
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
    // Smooth over a short way; a jump from far up (a long thread: the height below is partly
    // estimated, so a smooth scroll would aim at a moving target).
    const far = el.scrollHeight - el.scrollTop - el.clientHeight > 2 * el.clientHeight;
    el.scrollTo({ top: el.scrollHeight, behavior: far ? 'auto' : 'smooth' });
  }, []);

  const pin = useCallback(() => {
    pinned.current = true;
  }, []);

  /** Whether the view follows new content (the user has not scrolled up). */
  const isPinned = useCallback(() => pinned.current, []);

  return { ref, atBottom, scrollToBottom, pin, isPinned };
}
