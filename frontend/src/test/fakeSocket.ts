import type { Socket } from '@chainlit/react-client';

type Listener = (...args: unknown[]) => void;

/**
 * Just enough of a socket.io client socket for hooks that add listeners: `serverSends` plays
 * an event from the server, `listenerCount` checks that listeners are removed again.
 */
export class FakeSocket {
  connected = true;
  /** useChatSession writes the thread id here. */
  auth: Record<string, unknown> = {};
  private listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  off(event: string, listener?: Listener) {
    const kept = listener ? (this.listeners.get(event) ?? []).filter((l) => l !== listener) : [];
    this.listeners.set(event, kept);
    return this;
  }

  serverSends(event: string, ...args: unknown[]) {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  listenerCount(event: string) {
    return this.listeners.get(event)?.length ?? 0;
  }

  asSocket(): Socket {
    return this as unknown as Socket;
  }
}
