import { createContext, useContext, useEffect, useRef, useState, type RefObject } from 'react';

/** Calls `onNear` once when `el` comes within the margin of the scroll area; returns a cancel. */
export type ObserveNear = (el: Element, onNear: () => void) => () => void;

/** Set by the chat view around its message list; absent elsewhere (then nothing waits). */
export const NearViewportContext = createContext<ObserveNear | null>(null);

const immediately: ObserveNear = (_el, onNear) => {
  onNear();
  return () => undefined;
};

/**
 * One IntersectionObserver for a whole message list, rooted at its scroll container, so that
 * the margin (default: two screens) applies inside it. Without IntersectionObserver (jsdom)
 * every element counts as near.
 */
export function useNearViewportObserver(rootRef: RefObject<Element | null>, margin = '1600px 0px'): ObserveNear | null {
  const [observe, setObserve] = useState<ObserveNear | null>(null);
  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    if (typeof IntersectionObserver === 'undefined') {
      setObserve(() => immediately);
      return;
    }
    const callbacks = new Map<Element, () => void>();
    const io = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const callback = entry.isIntersecting ? callbacks.get(entry.target) : undefined;
          if (!callback) continue;
          callbacks.delete(entry.target);
          io.unobserve(entry.target);
          callback();
        }
      },
      { root, rootMargin: margin }
    );
    setObserve(() => (el: Element, onNear: () => void) => {
      callbacks.set(el, onNear);
      io.observe(el);
      return () => {
        callbacks.delete(el);
        io.unobserve(el);
      };
    });
    return () => io.disconnect();
  }, [rootRef, margin]);
  return observe;
}

/**
 * For content that is costly to render (markdown): `shown` starts true unless `lazy`, and
 * becomes true for good once `ref`'s element comes near the visible part of the list.
 */
export function useShownWhenNear<T extends Element>(lazy: boolean) {
  const observe = useContext(NearViewportContext);
  const ref = useRef<T>(null);
  const [shown, setShown] = useState(() => !lazy || !observe);
  useEffect(() => {
    if (shown) return;
    const el = ref.current;
    if (!observe || !el) {
      setShown(true);
      return;
    }
    return observe(el, () => setShown(true));
  }, [observe, shown]);
  return { ref, shown };
}
