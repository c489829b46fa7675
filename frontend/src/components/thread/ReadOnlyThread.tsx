import { ChainlitContext, nestMessages, useConfig, type IMessageElement, type IThread } from '@chainlit/react-client';
import { useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useSetRecoilState } from 'recoil';
import { sideViewState } from '@chainlit/react-client';

import { errorMessage } from '../../lib/errors';
import { buildRenderItems, type ChainOfThought } from '../../lib/messageTree';
import { ChatContext, defaultChatContext, type ChatContextValue } from '../chat/ChatContext';
import { MessageList } from '../chat/MessageList';
import { FullPageSpinner } from '../common/FullPageSpinner';

interface Props {
  threadId: string;
  /** "thread": GET /project/thread/:id (author only); "share": GET /project/share/:id. */
  source: 'thread' | 'share';
}

/** A thread shown without a live session: shared links, or apps that cannot resume. */
export function ReadOnlyThread({ threadId, source }: Props) {
  const client = useContext(ChainlitContext);
  const { config } = useConfig();
  const setSideView = useSetRecoilState(sideViewState);
  const [thread, setThread] = useState<IThread>();
  const [error, setError] = useState<string>();
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setThread(undefined);
    setError(undefined);
    const path = source === 'share' ? `/project/share/${encodeURIComponent(threadId)}` : `/project/thread/${encodeURIComponent(threadId)}`;
    client
      .get(path)
      .then((res) => res.json())
      .then((data: IThread) => setThread(data))
      .catch((err: unknown) => setError(errorMessage(err, 'Thread not found')));
  }, [client, threadId, source]);

  const cot = (config?.ui?.cot ?? 'full') as ChainOfThought;
  const items = useMemo(() => buildRenderItems(nestMessages(thread?.steps ?? []), cot), [thread, cot]);
  const context = useMemo<ChatContextValue>(
    () => ({
      ...defaultChatContext,
      elements: ((thread?.elements ?? []) as IMessageElement[]).filter((e) => (e.type as string) !== 'avatar' && (e.type as string) !== 'tasklist'),
      cot,
      latex: !!config?.features?.latex,
      uiName: config?.ui?.name ?? 'Assistant',
      readOnly: true,
      onOpenElement: (element) => setSideView({ title: element.name, elements: [element] })
    }),
    [thread, cot, config, setSideView]
  );

  if (error) return <p className="alert error page-message">{error}</p>;
  if (!thread) return <FullPageSpinner label="Loading the thread" />;
  return (
    <ChatContext.Provider value={context}>
      <div className="chat-view read-only">
        <div className="messages-scroll" ref={scrollRef}>
          <div className="messages" aria-label={thread.name || 'Conversation'}>
            <p className="read-only-banner" role="note">
              {source === 'share' ? 'A shared conversation (read-only).' : 'This conversation cannot be continued (read-only).'}
            </p>
            <MessageList items={items} scrollRef={scrollRef} />
          </div>
        </div>
      </div>
    </ChatContext.Provider>
  );
}
