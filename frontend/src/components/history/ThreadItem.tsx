import type { IThread } from '@chainlit/react-client';
import { Check, Pencil, Share2, Trash2, X } from 'lucide-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { NavLink } from 'react-router-dom';

import { useTranslation } from '../../i18n/I18nProvider';
import type { TFunction } from '../../i18n/translate';

interface Props {
  thread: IThread;
  sharingEnabled: boolean;
  onNavigate: () => void;
  onRename: (thread: IThread, name: string) => Promise<void>;
  onDelete: (thread: IThread) => void;
  onShare: (thread: IThread) => void;
}

export function threadTitle(thread: IThread, t: TFunction): string {
  return thread.name || (thread.metadata?.name as string | undefined) || t('history.untitled');
}

/** One thread in the history: a link that resumes it, plus rename, share and delete. */
export function ThreadItem({ thread, sharingEnabled, onNavigate, onRename, onDelete, onShare }: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(threadTitle(thread, t));
  const input = useRef<HTMLInputElement>(null);
  const title = threadTitle(thread, t);

  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed && trimmed !== title) await onRename(thread, trimmed);
    setEditing(false);
  };

  if (editing) {
    return (
      <li className="thread-item editing">
        <form onSubmit={submit} className="rename-form">
          <input
            ref={input}
            value={name}
            aria-label={t('history.rename.input')}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setName(title);
                setEditing(false);
              }
            }}
            data-testid="thread-rename-input"
          />
          <button type="submit" className="icon-button small" aria-label={t('history.rename.save')}>
            <Check size={14} aria-hidden="true" />
          </button>
          <button type="button" className="icon-button small" aria-label={t('history.rename.cancel')} onClick={() => setEditing(false)}>
            <X size={14} aria-hidden="true" />
          </button>
        </form>
      </li>
    );
  }

  return (
    <li className="thread-item" data-testid="thread-item" data-thread-id={thread.id}>
      <NavLink to={`/thread/${thread.id}`} className="thread-link" onClick={onNavigate} title={title}>
        {title}
      </NavLink>
      <div className="thread-actions">
        <button type="button" className="icon-button small" aria-label={t('history.rename.button', { title })} onClick={() => setEditing(true)} data-testid="thread-rename">
          <Pencil size={14} aria-hidden="true" />
        </button>
        {sharingEnabled && (
          <button type="button" className="icon-button small" aria-label={t('history.share.button', { title })} onClick={() => onShare(thread)} data-testid="thread-share">
            <Share2 size={14} aria-hidden="true" />
          </button>
        )}
        <button type="button" className="icon-button small" aria-label={t('history.delete.button', { title })} onClick={() => onDelete(thread)} data-testid="thread-delete">
          <Trash2 size={14} aria-hidden="true" />
        </button>
      </div>
    </li>
  );
}
