import {
  useAuth,
  useChatData,
  useChatInteract,
  useChatMessages,
  useChatSession,
  useConfig,
  type IFileRef,
  type IStarter
} from '@chainlit/react-client';
import { ArrowDown } from 'lucide-react';
import { useCallback, useMemo, useState, type DragEvent } from 'react';

import { useAttachments } from '../../hooks/useAttachments';
import { useConnectionState } from '../../hooks/useConnectionState';
import { NearViewportContext, useNearViewportObserver } from '../../hooks/useNearViewport';
import { useSendQueue } from '../../hooks/useSendQueue';
import { useStickToBottom } from '../../hooks/useStickToBottom';
import { useTranslation } from '../../i18n/I18nProvider';
import type { TFunction } from '../../i18n/translate';
import { acceptAttribute } from '../../lib/fileSpec';
import { buildRenderItems, type ChainOfThought, type RenderItem } from '../../lib/messageTree';
import { buildUserMessage } from '../../lib/userMessage';
import { AskFilePrompt } from './AskFilePrompt';
import { AskStatus } from './AskStatus';
import { AttachmentList } from './AttachmentList';
import { ChatContext } from './ChatContext';
import { Composer } from './Composer';
import { McpButton } from './McpButton';
import { MessageList, VIRTUAL_FROM } from './MessageList';
import { Starters, starterCategoriesOf } from './Starters';
import { useLiveChatContext } from './useLiveChatContext';
import { WelcomeScreen } from './WelcomeScreen';

/** What the user submitted, as it goes to the server once connected. */
interface Outgoing {
  text: string;
  command?: string;
  fileReferences: IFileRef[];
}

/** The latest messages always render at once; older ones when scrolled near (long threads). */
const EAGER_MESSAGES = 40;

/** What a screen reader hears of a long (virtualised) thread: its latest complete message. */
function latestMessageText(items: RenderItem[], t: TFunction): string {
  const last = items[items.length - 1];
  if (!last || last.kind !== 'message' || last.step.streaming || !last.step.output) return '';
  const text = last.step.output.length > 300 ? `${last.step.output.slice(0, 300)}…` : last.step.output;
  return t('chat.latest', { author: last.step.name || t('common.assistant'), text });
}

/** The live chat: messages, ask prompts, the composer, file drop. */
export function ChatView() {
  const { config } = useConfig();
  const { t } = useTranslation();
  const { user } = useAuth();
  const { messages } = useChatMessages();
  const { askUser, loading } = useChatData();
  const { sendMessage, replyMessage, stopTask } = useChatInteract();
  const { chatProfile } = useChatSession();
  const connection = useConnectionState();
  const context = useLiveChatContext();
  const { commands } = context;
  const [dragging, setDragging] = useState(false);

  const uploadSpec = config?.features?.spontaneous_file_upload;
  const uploadEnabled = !!uploadSpec?.enabled;
  const limits = useMemo(
    () => ({ accept: uploadSpec?.accept, maxSizeMb: uploadSpec?.max_size_mb, maxFiles: uploadSpec?.max_files }),
    [uploadSpec]
  );
  const { attachments, addFiles, remove, takeFileReferences, uploading } = useAttachments(limits);

  const cot = (config?.ui?.cot ?? 'full') as ChainOfThought;
  const items = useMemo(() => buildRenderItems(messages, cot), [messages, cot]);
  const { ref: scrollRef, atBottom, scrollToBottom, pin, isPinned } = useStickToBottom<HTMLDivElement>(messages);
  const observeNear = useNearViewportObserver(scrollRef);
  // A virtualised list mounts messages as they scroll into view: as a live region it would read
  // old messages out while the user scrolls. It is quiet then, and a status says the latest.
  const virtual = items.length >= VIRTUAL_FROM;

  const connected = connection === 'connected';
  const answeringText = askUser?.spec.type === 'text';
  const blockingAsk = !!askUser && !answeringText;
  // Not `connected`: what is written before the socket is up is queued, never dropped.
  const canSubmit = !uploading && !blockingAsk && (!loading || answeringText);
  const author = user?.identifier || t('common.user');

  const deliver = useCallback(
    ({ text, command, fileReferences }: Outgoing) => {
      const message = buildUserMessage(text, author, command);
      if (askUser?.spec.type === 'text') {
        replyMessage(message);
      } else {
        sendMessage(message, fileReferences);
      }
    },
    [author, askUser, replyMessage, sendMessage]
  );
  const { enqueue, queued } = useSendQueue<Outgoing>(connected, deliver);

  const submit = useCallback(
    (text: string, command?: string) => {
      pin();
      enqueue({ text, command, fileReferences: askUser?.spec.type === 'text' ? [] : takeFileReferences() });
    },
    [askUser, enqueue, takeFileReferences, pin]
  );

  const profileStarters = config?.chatProfiles?.find((p) => p.name === chatProfile)?.starters;
  const starters: IStarter[] = profileStarters ?? config?.starters ?? [];
  // Asked for with the chosen profile (`?chat_profile=`): when there are any they replace `starters`.
  const starterCategories = starterCategoriesOf(config);
  const onStarter = (starter: IStarter) => {
    submit(starter.message, starter.command);
    // The starters leave with the welcome screen: keep the keyboard focus in the chat.
    document.getElementById('chat-input')?.focus();
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!uploadEnabled || blockingAsk) return;
    addFiles(Array.from(event.dataTransfer.files));
  };

  return (
    <ChatContext.Provider value={context}>
      <div
        className="chat-view"
        onDragOver={(e) => {
          if (!uploadEnabled || !e.dataTransfer.types.includes('Files')) return;
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={(e) => {
          if (e.currentTarget === e.target) setDragging(false);
        }}
        onDrop={onDrop}
      >
        <div className="messages-scroll" ref={scrollRef}>
          <div className="messages" role="log" aria-live={virtual ? 'off' : 'polite'} aria-relevant="additions" aria-label={t('chat.conversation')}>
            {items.length === 0 && queued.length === 0 ? (
              <WelcomeScreen>
                <Starters starters={starters} categories={starterCategories} onPick={onStarter} disabled={!connected} />
              </WelcomeScreen>
            ) : items.length === 0 ? null : (
              <NearViewportContext.Provider value={observeNear}>
                <MessageList items={items} scrollRef={scrollRef} startAtEnd={isPinned} lazyBefore={items.length - EAGER_MESSAGES} />
              </NearViewportContext.Provider>
            )}
            {queued.map((q, i) => (
              <article key={i} className="message user queued" aria-label={t('chat.queued.label')} data-testid="queued-message">
                <div className="bubble">
                  <p className="plain-text">{q.text}</p>
                  <span className="queued-note muted">{t('chat.queued.note')}</span>
                </div>
              </article>
            ))}
            {loading && <div className="thinking" role="status" aria-label={t('chat.working')}><span /><span /><span /></div>}
          </div>
        </div>
        <div className="sr-only" role="status" aria-live="polite" data-testid="latest-message-status">
          {virtual ? latestMessageText(items, t) : ''}
        </div>
        {!atBottom && (
          <button type="button" className="scroll-down icon-button" aria-label={t('chat.scrollDown')} onClick={scrollToBottom}>
            <ArrowDown size={18} aria-hidden="true" />
          </button>
        )}
        <div className="composer-area">
          {askUser && <AskStatus askUser={askUser} />}
          {askUser?.spec.type === 'file' && <AskFilePrompt askUser={askUser} />}
          <Composer
            onSubmit={submit}
            commands={commands}
            tools={<McpButton mcp={config?.features?.mcp} />}
            onStop={stopTask}
            canSubmit={canSubmit}
            loading={loading && !askUser}
            placeholder={answeringText ? t('chat.input.answer') : connected ? t('chat.input.placeholder') : t('chat.input.connecting')}
            upload={uploadEnabled && !blockingAsk ? { accept: acceptAttribute(uploadSpec?.accept), onFiles: addFiles } : undefined}
          >
            <AttachmentList attachments={attachments} onRemove={remove} />
          </Composer>
        </div>
        {dragging && (
          <div className="drop-overlay" aria-hidden="true">
            {t('chat.dropFiles')}
          </div>
        )}
      </div>
    </ChatContext.Provider>
  );
}
