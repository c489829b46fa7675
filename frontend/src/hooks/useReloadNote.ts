import { configState, currentThreadIdState, useChatSession } from '@chainlit/react-client';
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useRecoilValue } from 'recoil';

import { rememberReload, takeReloadNote } from '../lib/devWatch';

/**
 * Keeps the conversation across the page reload that watch mode asks for. The react client
 * answers the server's `reload` by reloading the page, which starts a new session: on `/` that
 * is an empty chat, as if the conversation were lost. So, on `reload`, this notes the current
 * thread in sessionStorage (the react client's listener runs first, but `location.reload()`
 * only schedules the navigation, so this listener still runs). On the next page load it takes
 * the note back once and, when it is fresh, opens the thread again (`/thread/<id>`, which
 * ChatRoute resumes) and returns true, for a notice.
 *
 * Only a persisted thread is noted: without data persistence a thread cannot be resumed, and
 * the URL would end in a "could not resume" error (the same rule gives threads their URL in
 * useSessionConnection).
 */
export function useReloadNote(): boolean {
  const { session } = useChatSession();
  const socket = session?.socket;
  const threadId = useRecoilValue(currentThreadIdState);
  const persisted = !!useRecoilValue(configState)?.dataPersistence;
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [reloaded, setReloaded] = useState(false);

  // Read when the event comes, not when the listener was added.
  const noted = useRef<string | null>(null);
  noted.current = persisted && threadId ? threadId : null;

  useEffect(() => {
    if (!socket) return;
    const onReload = () => rememberReload(window.sessionStorage, noted.current);
    socket.on('reload', onReload);
    return () => {
      socket.off('reload', onReload);
    };
  }, [socket]);

  // Once per page load: the note is removed as it is read (which also makes this safe to run
  // twice under StrictMode).
  useEffect(() => {
    const note = takeReloadNote(window.sessionStorage);
    if (!note) return;
    setReloaded(true);
    if (note.threadId && pathname === '/') navigate(`/thread/${encodeURIComponent(note.threadId)}`, { replace: true });
    // Only the page load decides.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return reloaded;
}
