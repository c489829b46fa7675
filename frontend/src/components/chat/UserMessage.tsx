import type { IStep } from '@chainlit/react-client';
import { Pencil } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

import { useTranslation } from '../../i18n/I18nProvider';
import { useChatContext } from './ChatContext';
import { CommandIcon } from './CommandIcon';
import { MessageContent } from './MessageContent';

/**
 * The user's own message, on the right. With features.edit_message on, a pencil turns it into
 * a text box: sending the new text (edit_message) makes the server remove every later message
 * and run on_message again; Escape or Cancel leave it as it was.
 */
export function UserMessage({ step, lazy }: { step: IStep; lazy: boolean }) {
  const { editEnabled, canEdit, readOnly, onEdit, commands } = useChatContext();
  const { t } = useTranslation();
  const author = step.name || t('common.user');
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(step.output);
  const box = useRef<HTMLTextAreaElement>(null);
  const commandIcon = commands.find((c) => c.id === step.command)?.icon;

  useEffect(() => {
    if (!editing) return;
    const el = box.current;
    el?.focus();
    el?.setSelectionRange(el.value.length, el.value.length);
  }, [editing]);

  const start = () => {
    setDraft(step.output);
    setEditing(true);
  };
  const save = () => {
    const text = draft.trim();
    if (!text || !canEdit) return;
    setEditing(false);
    if (text !== step.output) onEdit(step, text);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      setEditing(false);
    } else if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      save();
    }
  };

  const editable = editEnabled && !readOnly;
  return (
    <article className={`message user${editing ? ' editing' : ''}`} aria-label={t('chat.said', { author })} data-step-id={step.id} data-testid="user-message">
      {editable && !editing && (
        <button type="button" className="icon-button small edit-button" aria-label={t('chat.edit.button')} title={t('chat.edit.button')} disabled={!canEdit} onClick={start} data-testid="edit-message">
          <Pencil size={14} aria-hidden="true" />
        </button>
      )}
      {editing ? (
        <form
          className="bubble edit-form"
          aria-label={t('chat.edit.form')}
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <textarea ref={box} className="edit-input" aria-label={t('chat.edit.input')} value={draft} rows={Math.min(8, Math.max(2, draft.split('\n').length))} onChange={(e) => setDraft(e.target.value)} onKeyDown={onKeyDown} />
          <div className="edit-actions">
            <button type="button" className="button outline small" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button primary small" disabled={!canEdit || !draft.trim()}>
              {t('common.send')}
            </button>
          </div>
        </form>
      ) : (
        <div className="bubble">
          {step.command && (
            <span className="message-command" data-testid="message-command">
              <CommandIcon name={commandIcon} size={13} />
              {step.command}
            </span>
          )}
          <MessageContent step={step} lazy={lazy} />
        </div>
      )}
    </article>
  );
}
