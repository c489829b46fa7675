import type { IStep } from '@chainlit/react-client';
import { memo } from 'react';

import { useTranslation } from '../../i18n/I18nProvider';
import { formatTime } from '../../lib/format';
import { CopyButton } from '../markdown/CopyButton';
import { ActionButtons } from './ActionButtons';
import { Avatar } from './Avatar';
import { useChatContext } from './ChatContext';
import { FeedbackButtons } from './FeedbackButtons';
import { MessageContent } from './MessageContent';
import { UserMessage } from './UserMessage';

interface Props {
  step: IStep;
  scorable: boolean;
  /** Render the markdown only once the message comes near the visible area (long threads). */
  lazy?: boolean;
}

/** One chat message: the user's on the right, others with author and avatar on the left. */
export const MessageItem = memo(function MessageItem({ step, scorable, lazy = false }: Props) {
  const { feedbackEnabled, readOnly, askUser } = useChatContext();
  const { t } = useTranslation();
  const isUser = step.type === 'user_message';
  const author = step.name || t('common.assistant');
  const waiting = !!step.waitForAnswer && askUser?.spec.step_id === step.id;

  if (isUser) return <UserMessage step={step} lazy={lazy} />;

  const showFooter = !step.streaming && !!step.output;
  return (
    <article
      className={`message assistant${step.isError ? ' is-error' : ''}${waiting ? ' waiting' : ''}`}
      aria-label={t('chat.said', { author })}
      aria-busy={step.streaming ? true : undefined}
      data-step-id={step.id}
      data-testid="assistant-message"
    >
      <Avatar author={author} />
      <div className="message-body">
        <div className="message-meta">
          <span className="author">{author}</span>
          <time className="muted">{formatTime(step.createdAt)}</time>
        </div>
        <MessageContent step={step} lazy={lazy} />
        <ActionButtons forId={step.id} />
        {showFooter && (
          <div className="message-footer">
            <CopyButton text={step.output} label={t('chat.message.copy')} />
            {scorable && feedbackEnabled && !readOnly && <FeedbackButtons step={step} />}
          </div>
        )}
      </div>
    </article>
  );
});
