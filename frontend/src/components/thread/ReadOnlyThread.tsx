import { ChainlitContext, nestMessages, useConfig, type IMessageElement, type IThread } from '@chainlit/react-client';
import { useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useSetRecoilState } from 'recoil';
import { sideViewState } from '@chainlit/react-client';

import { useTranslation } from '../../i18n/I18nProvider';
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
  const { t } = useTranslation();
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
      .catch((err: unknown) => setError(errorMessage(err, t('chat.readOnly.notFound'))));
  }, [client, threadId, source, t]);

  const cot = (config?.ui?.cot ?? 'full') as ChainOfThought;
  const items = useMemo(() => buildRenderItems(nestMessages(thread?.steps ?? []), cot), [thread, cot]);
  const context = useMemo<ChatContextValue>(
    () => ({
      ...defaultChatContext,
      elements: ((thread?.elements ?? []) as IMessageElement[]).filter((e) => (e.type as string) !== 'avatar' && (e.type as string) !== 'tasklist'),
      cot,
      latex: !!config?.features?.latex,
      uiName: config?.ui?.name ?? t('common.assistant'),
      readOnly: true,
      onOpenElement: (element) => setSideView({ title: element.name, elements: [element] })
    }),
    [thread, cot, config, setSideView, t]
  );

  if (error) return <p className="alert error page-message">{error}</p>;
  if (!thread) return <FullPageSpinner label={t('chat.readOnly.loading')} />;
  return (
    <ChatContext.Provider value={context}>
      <div className="chat-view read-only">
        <div className="messages-scroll" ref={scrollRef}>
          <div className="messages" aria-label={thread.name || t('chat.conversation')}>
            <p className="read-only-banner" role="note">
              {source === 'share' ? t('chat.readOnly.shared') : t('chat.readOnly.thread')}
            </p>
            <MessageList items={items} scrollRef={scrollRef} />
          </div>
        </div>
      </div>
    </ChatContext.Provider>
  );
}
