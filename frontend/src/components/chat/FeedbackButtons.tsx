import type { IStep } from '@chainlit/react-client';
import { MessageSquare, ThumbsDown, ThumbsUp } from 'lucide-react';
import { useState } from 'react';

import { useTranslation } from '../../i18n/I18nProvider';
import { Modal } from '../common/Modal';
import { useChatContext } from './ChatContext';

/** Thumbs up/down (value 1/0) with an optional comment; clicking the chosen thumb again removes it. */
export function FeedbackButtons({ step }: { step: IStep }) {
  const { onFeedback, onFeedbackDelete } = useChatContext();
  const { t } = useTranslation();
  const [commentOpen, setCommentOpen] = useState(false);
  const [comment, setComment] = useState(step.feedback?.comment ?? '');
  const current = step.feedback;

  const choose = (value: 0 | 1) => {
    if (current?.id && current.value === value) {
      void onFeedbackDelete(step, current.id);
      return;
    }
    void onFeedback(step, { ...current, forId: step.id, threadId: step.threadId, value });
  };

  return (
    <div className="feedback" role="group" aria-label={t('chat.feedback.label')}>
      <button
        type="button"
        className={`icon-button small ${current?.value === 1 ? 'active' : ''}`}
        aria-label={t('chat.feedback.up')}
        aria-pressed={current?.value === 1}
        onClick={() => choose(1)}
        data-testid="feedback-up"
      >
        <ThumbsUp size={14} aria-hidden="true" />
      </button>
      <button
        type="button"
        className={`icon-button small ${current?.value === 0 ? 'active' : ''}`}
        aria-label={t('chat.feedback.down')}
        aria-pressed={current?.value === 0}
        onClick={() => choose(0)}
        data-testid="feedback-down"
      >
        <ThumbsDown size={14} aria-hidden="true" />
      </button>
      {current && (
        <button type="button" className="icon-button small" aria-label={t('chat.feedback.addComment')} onClick={() => setCommentOpen(true)}>
          <MessageSquare size={14} aria-hidden="true" />
        </button>
      )}
      {commentOpen && current && (
        <Modal
          title={t('chat.feedback.title')}
          onClose={() => setCommentOpen(false)}
          footer={
            <>
              <button type="button" className="button ghost" onClick={() => setCommentOpen(false)}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="button primary"
                onClick={() => {
                  void onFeedback(step, { ...current, forId: step.id, comment });
                  setCommentOpen(false);
                }}
              >
                {t('common.submit')}
              </button>
            </>
          }
        >
          <label htmlFor="feedback-comment">{t('chat.feedback.comment')}</label>
          <textarea id="feedback-comment" rows={4} value={comment} onChange={(e) => setComment(e.target.value)} />
        </Modal>
      )}
    </div>
  );
}
