import { messagesState, updateMessageContentById, useChatSession } from '@chainlit/react-client';
import { useEffect } from 'react';
import { useSetRecoilState } from 'recoil';

import { coalesceTokens, type StreamToken } from '../lib/tokenBatch';

/** Longest a token waits when no animation frame comes (a background tab). */
const MAX_WAIT_MS = 100;

/**
 * The react client applies every `stream_token` to the message list at once, so a fast stream
 * (1,000 tokens/s) means 1,000 React renders a second and the page falls seconds behind. This
 * takes over the socket's `stream_token` listener: tokens are queued and applied together once
 * per animation frame. Any other event first applies the queued tokens (a socket.io "any"
 * listener runs before the event's own listeners), so `update_message` and friends always see
 * the text in order. The react client's own listener is put back on cleanup.
 */
export function useBatchedStreamTokens() {
  const { session } = useChatSession();
  const socket = session?.socket;
  const setMessages = useSetRecoilState(messagesState);

  useEffect(() => {
    if (!socket) return;
    const originals = socket.listeners('stream_token');
    let pending: StreamToken[] = [];
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const flush = () => {
      if (frame) cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
      frame = 0;
      timer = undefined;
      if (pending.length === 0) return;
      const batch = coalesceTokens(pending);
      pending = [];
      setMessages((old) => batch.reduce((msgs, t) => updateMessageContentById(msgs, t.id, t.token, t.isSequence, t.isInput), old));
    };
    const onToken = (token: StreamToken) => {
      pending.push(token);
      if (timer === undefined) {
        frame = requestAnimationFrame(flush);
        timer = setTimeout(flush, MAX_WAIT_MS);
      }
    };
    const beforeOtherEvents = (event: string) => {
      if (event !== 'stream_token') flush();
    };

    socket.off('stream_token');
    socket.on('stream_token', onToken);
    socket.prependAny(beforeOtherEvents);
    return () => {
      flush();
      socket.off('stream_token', onToken);
      socket.offAny(beforeOtherEvents);
      for (const listener of originals) socket.on('stream_token', listener as (...args: unknown[]) => void);
    };
  }, [socket, setMessages]);
}
