import { ChainlitContext, currentThreadIdState, useChatInteract, useConfig, type IThread } from '@chainlit/react-client';
import { Search, SquarePen } from 'lucide-react';
import { useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useRecoilValue } from 'recoil';
import { toast } from 'sonner';

import { useDebounced } from '../../hooks/useDebounced';
import { useThreadList } from '../../hooks/useThreadList';
import { useTranslation } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { dateGroup } from '../../lib/format';
import { ConfirmDialog } from './ConfirmDialog';
import { ShareThreadModal } from './ShareThreadModal';
import { ThreadItem, threadTitle } from './ThreadItem';

interface Props {
  onNavigate: () => void;
  onNewChat: () => void;
}

/** Thread history: search, date groups, infinite scroll, rename, share, delete. */
export function ThreadSidebar({ onNavigate, onNewChat }: Props) {
  const client = useContext(ChainlitContext);
  const { t } = useTranslation();
  const { config } = useConfig();
  const { clear } = useChatInteract();
  const navigate = useNavigate();
  const { threadId: openThreadId } = useParams();
  const currentThreadId = useRecoilValue(currentThreadIdState);
  const [query, setQuery] = useState('');
  const search = useDebounced(query.trim(), 300);
  const { threads, loading, error, hasMore, loadMore, replace } = useThreadList(search, currentThreadId);
  const [toDelete, setToDelete] = useState<IThread>();
  const [toShare, setToShare] = useState<IThread>();
  const sentinel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore(), { rootMargin: '200px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [loadMore]);

  const groups = useMemo(() => {
    const result: { label: string; threads: IThread[] }[] = [];
    for (const thread of threads) {
      const group = dateGroup(thread.createdAt);
      const label = typeof group === 'string' ? t(`history.groups.${group}`) : group.month;
      const last = result[result.length - 1];
      if (last?.label === label) last.threads.push(thread);
      else result.push({ label, threads: [thread] });
    }
    return result;
  }, [threads, t]);

  const rename = async (thread: IThread, name: string) => {
    try {
      await client.renameThread(thread.id, name);
      replace(thread.id, { name });
    } catch (err) {
      toast.error(errorMessage(err, t('history.rename.failed')));
    }
  };

  const confirmDelete = async () => {
    const thread = toDelete;
    setToDelete(undefined);
    if (!thread) return;
    try {
      await client.deleteThread(thread.id);
      replace(thread.id, null);
      toast.success(t('history.delete.done'));
      if (thread.id === openThreadId || thread.id === currentThreadId) {
        clear();
        navigate('/');
      }
    } catch (err) {
      toast.error(errorMessage(err, t('history.delete.failed')));
    }
  };

  return (
    <nav id="thread-sidebar" className="sidebar" aria-label={t('history.label')}>
      <div className="sidebar-top">
        <div className="search-box">
          <Search size={16} aria-hidden="true" />
          <input
            type="search"
            placeholder={t('history.search')}
            aria-label={t('history.search')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="thread-search"
          />
        </div>
        <button type="button" className="icon-button" aria-label={t('history.newChat')} onClick={onNewChat}>
          <SquarePen size={18} aria-hidden="true" />
        </button>
      </div>
      <div className="thread-groups">
        {groups.map((group) => (
          <section key={group.label} aria-label={group.label}>
            <h3 className="group-label">{group.label}</h3>
            <ul>
              {group.threads.map((thread) => (
                <ThreadItem
                  key={thread.id}
                  thread={thread}
                  sharingEnabled={!!config?.threadSharing}
                  onNavigate={onNavigate}
                  onRename={rename}
                  onDelete={setToDelete}
                  onShare={setToShare}
                />
              ))}
            </ul>
          </section>
        ))}
        {!loading && threads.length === 0 && !error && <p className="muted empty">{search ? t('history.noMatch') : t('history.empty')}</p>}
        {error && <p className="alert error">{error}</p>}
        <div ref={sentinel} className="sentinel" />
        {loading && <p className="muted" role="status">{t('common.loadingEllipsis')}</p>}
        {!loading && hasMore && threads.length > 0 && (
          <button type="button" className="button ghost wide" onClick={loadMore}>
            {t('history.loadMore')}
          </button>
        )}
      </div>
      {toDelete && (
        <ConfirmDialog
          title={t('history.delete.title')}
          message={t('history.delete.message', { title: threadTitle(toDelete, t) })}
          confirmLabel={t('history.delete.confirm')}
          onConfirm={confirmDelete}
          onCancel={() => setToDelete(undefined)}
        />
      )}
      {toShare && <ShareThreadModal thread={toShare} onClose={() => setToShare(undefined)} />}
    </nav>
  );
}
