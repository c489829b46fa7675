import { useChatSession } from '@chainlit/react-client';
import { useEffect, useState } from 'react';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

/** Socket state, followed through socket.io events (the socket object itself is not reactive). */
export function useConnectionState(): ConnectionState {
  const { session } = useChatSession();
  const socket = session?.socket;
  const [state, setState] = useState<ConnectionState>('idle');

  useEffect(() => {
    if (!socket) {
      setState('idle');
      return;
    }
    setState(socket.connected ? 'connected' : 'connecting');
    let everConnected = socket.connected;
    const onConnect = () => {
      everConnected = true;
      setState('connected');
    };
    const onDisconnect = () => setState('reconnecting');
    const onConnectError = () => setState(socket.active ? 'reconnecting' : 'failed');
    const onReconnectAttempt = () => setState(everConnected ? 'reconnecting' : 'connecting');
    const onReconnectFailed = () => setState('failed');
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    socket.io.on('reconnect_attempt', onReconnectAttempt);
    socket.io.on('reconnect_failed', onReconnectFailed);
    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.io.off('reconnect_attempt', onReconnectAttempt);
      socket.io.off('reconnect_failed', onReconnectFailed);
    };
  }, [socket]);

  return state;
}
