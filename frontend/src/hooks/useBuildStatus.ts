import { useChatSession } from '@chainlit/react-client';
import { useEffect, useState } from 'react';

import { parseBuildStatus, type BuildFailure } from '../lib/devWatch';

/**
 * The last build failure the server reported in watch mode (`build_status`), or null while the
 * build is good. The server sends the current failure right after each connect and nothing when
 * there is none, so every (re)connect starts from "good": a failure fixed while the socket was
 * down, or by a process that was swapped out, does not linger.
 */
export function useBuildStatus(): BuildFailure | null {
  const { session } = useChatSession();
  const socket = session?.socket;
  const [failure, setFailure] = useState<BuildFailure | null>(null);

  useEffect(() => {
    setFailure(null);
    if (!socket) return;
    const onStatus = (payload: unknown) => {
      const status = parseBuildStatus(payload);
      if (status === undefined) {
        console.warn('Ignoring a malformed build_status payload:', payload);
        return;
      }
      setFailure(status);
    };
    const onConnect = () => setFailure(null);
    socket.on('build_status', onStatus);
    socket.on('connect', onConnect);
    return () => {
      socket.off('build_status', onStatus);
      socket.off('connect', onConnect);
    };
  }, [socket]);

  return failure;
}
