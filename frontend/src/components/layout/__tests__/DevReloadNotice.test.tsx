import { configState, currentThreadIdState, sessionState, type IChainlitConfig } from '@chainlit/react-client';
import { act, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { RecoilRoot, useSetRecoilState } from 'recoil';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { RELOAD_KEY } from '../../../lib/devWatch';
import { FakeSocket } from '../../../test/fakeSocket';
import { DevReloadNotice } from '../DevReloadNotice';

function Location() {
  return <div data-testid="location">{useLocation().pathname}</div>;
}

/** Lets a test change the current thread after the first render, as first_interaction does. */
let setThread: (id: string) => void = () => {};
function ThreadSetter() {
  setThread = useSetRecoilState(currentThreadIdState) as (id: string) => void;
  return null;
}

interface Options {
  path?: string;
  threadId?: string;
  persisted?: boolean;
}

function renderNotice({ path = '/', threadId, persisted = true }: Options = {}) {
  const socket = new FakeSocket();
  // StrictMode, as in main.tsx: effects run twice and the note must still show once.
  const view = render(
    <StrictMode>
      <RecoilRoot
        initializeState={({ set }) => {
          set(sessionState, { socket: socket.asSocket() });
          set(configState, { dataPersistence: persisted } as IChainlitConfig);
          if (threadId) set(currentThreadIdState, threadId);
        }}
      >
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route
              path="*"
              element={
                <>
                  <DevReloadNotice />
                  <Location />
                  <ThreadSetter />
                </>
              }
            />
          </Routes>
        </MemoryRouter>
      </RecoilRoot>
    </StrictMode>
  );
  return { socket, ...view };
}

const stored = () => JSON.parse(sessionStorage.getItem(RELOAD_KEY) ?? 'null') as { threadId: string | null; at: number } | null;
const leaveNote = (threadId: string | null, ageMs: number) =>
  sessionStorage.setItem(RELOAD_KEY, JSON.stringify({ threadId, at: Date.now() - ageMs }));
const location = () => screen.getByTestId('location').textContent;

beforeEach(() => sessionStorage.clear());
afterEach(() => {
  vi.useRealTimers();
  sessionStorage.clear();
});

describe('reload notice (watch mode)', () => {
  it('notes the current thread when the server asks for a reload', () => {
    const { socket } = renderNotice({ threadId: 'thread-42' });
    expect(stored()).toBeNull();
    const before = Date.now();
    act(() => socket.serverSends('reload', {}));
    const note = stored()!;
    expect(note.threadId).toBe('thread-42');
    expect(note.at).toBeGreaterThanOrEqual(before);
    expect(note.at).toBeLessThanOrEqual(Date.now());
  });

  it('notes the reload without a thread when threads are not persisted (they cannot be resumed)', () => {
    const { socket } = renderNotice({ threadId: 'thread-42', persisted: false });
    act(() => socket.serverSends('reload', {}));
    expect(stored()).toMatchObject({ threadId: null });
  });

  it('notes the thread current when the event comes, not when the listener was added', () => {
    const { socket } = renderNotice();
    act(() => setThread('thread-later'));
    act(() => socket.serverSends('reload', {}));
    expect(stored()).toMatchObject({ threadId: 'thread-later' });
  });

  it('on load with a fresh note, shows the notice, removes the note and reopens the thread', () => {
    leaveNote('thread-42', 5_000);
    renderNotice({ path: '/' });
    expect(screen.getByTestId('reload-notice')).toHaveTextContent('The app was reloaded after a code change.');
    expect(location()).toBe('/thread/thread-42');
    expect(sessionStorage.getItem(RELOAD_KEY)).toBeNull();
  });

  it('stays on a thread URL the page already has', () => {
    leaveNote('thread-42', 1_000);
    renderNotice({ path: '/thread/other' });
    expect(screen.getByTestId('reload-notice')).toBeInTheDocument();
    expect(location()).toBe('/thread/other');
  });

  it('shows the notice without navigating when no thread was noted', () => {
    leaveNote(null, 1_000);
    renderNotice({ path: '/' });
    expect(screen.getByTestId('reload-notice')).toBeInTheDocument();
    expect(location()).toBe('/');
  });

  it('hides the notice after a few seconds', () => {
    vi.useFakeTimers();
    leaveNote(null, 1_000);
    renderNotice();
    expect(screen.getByTestId('reload-notice')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(4_000));
    expect(screen.queryByTestId('reload-notice')).toBeNull();
  });

  it('ignores and removes a stale note (over 60 s old)', () => {
    leaveNote('thread-42', 61_000);
    renderNotice({ path: '/' });
    expect(screen.queryByTestId('reload-notice')).toBeNull();
    expect(location()).toBe('/');
    expect(sessionStorage.getItem(RELOAD_KEY)).toBeNull();
  });

  it('ignores and removes an unreadable note', () => {
    sessionStorage.setItem(RELOAD_KEY, '{not json');
    renderNotice({ path: '/' });
    expect(screen.queryByTestId('reload-notice')).toBeNull();
    expect(sessionStorage.getItem(RELOAD_KEY)).toBeNull();
  });

  it('removes its reload listener on unmount', () => {
    const { socket, unmount } = renderNotice();
    expect(socket.listenerCount('reload')).toBe(1);
    unmount();
    expect(socket.listenerCount('reload')).toBe(0);
  });
});
