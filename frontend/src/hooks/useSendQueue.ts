import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Messages written while the socket is not connected (right after login, or while it
 * reconnects): they are kept, in order, and handed to `send` as soon as `connected` turns true,
 * so text the user submitted is never dropped. Until then `queued` lists them for display.
 */
export function useSendQueue<T>(connected: boolean, send: (item: T) => void) {
  const pending = useRef<T[]>([]);
  const [queued, setQueued] = useState<T[]>([]);
  const sendRef = useRef(send);
  sendRef.current = send;

  const flush = useCallback(() => {
    if (pending.current.length === 0) return;
    const items = pending.current;
    pending.current = [];
    setQueued([]);
    for (const item of items) sendRef.current(item);
  }, []);

  useEffect(() => {
    if (connected) flush();
  }, [connected, flush]);

  /** Sends now when connected, else queues; keeps the order of earlier queued items. */
  const enqueue = useCallback(
    (item: T) => {
      if (connected && pending.current.length === 0) {
        sendRef.current(item);
        return;
      }
      pending.current = [...pending.current, item];
      setQueued(pending.current);
      if (connected) flush();
    },
    [connected, flush]
  );

  return { enqueue, queued };
}
