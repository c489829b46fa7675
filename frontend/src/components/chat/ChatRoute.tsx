import { currentThreadIdState, useChatInteract, useChatSession, useConfig } from '@chainlit/react-client';
import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { useRecoilValue } from 'recoil';

import { ReadOnlyThread } from '../thread/ReadOnlyThread';
import { ChatView } from './ChatView';

/**
 * `/` is the live chat; `/thread/:id` resumes thread `id` into the live session (spec appendix
 * "Resume"), or shows it read-only when the app cannot resume threads.
 */
export function ChatRoute() {
  const { threadId } = useParams();
  const { config } = useConfig();
  const { idToResume } = useChatSession();
  const { clear, setIdToResume } = useChatInteract();
  const currentThreadId = useRecoilValue(currentThreadIdState);
  const resumable = config?.threadResumable ?? true;
  const isLiveThread = !threadId || threadId === currentThreadId || threadId === idToResume;

  useEffect(() => {
    if (!threadId || !resumable) return;
    if (threadId === currentThreadId || threadId === idToResume) return;
    clear();
    setIdToResume(threadId);
    // Only the route parameter decides when to resume.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [threadId, resumable]);

  if (threadId && !resumable && !isLiveThread) return <ReadOnlyThread threadId={threadId} source="thread" />;
  return <ChatView />;
}
