import { ChainlitContext, type IThread } from '@chainlit/react-client';
import { useCallback, useContext, useEffect, useRef, useState } from 'react';

import { useTranslation } from '../i18n/I18nProvider';
import { errorMessage } from '../lib/errors';

const PAGE_SIZE = 20;

/** Pages through POST /project/threads (cursor = last thread id), filtered by a search string. */
export function useThreadList(search: string, refreshKey: unknown) {
  const client = useContext(ChainlitContext);
  const { t } = useTranslation();
  const [threads, setThreads] = useState<IThread[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [hasMore, setHasMore] = useState(true);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const generation = useRef(0);

  const load = useCallback(
    async (reset: boolean) => {
      const run = reset ? ++generation.current : generation.current;
      setLoading(true);
      try {
        const page = await client.listThreads(
          { first: PAGE_SIZE, ...(reset || !cursor ? {} : { cursor }) },
          search ? { search } : {}
        );
        if (run !== generation.current) return;
        setThreads((prev) => {
          const merged = reset ? page.data : [...prev, ...page.data.filter((t) => !prev.some((p) => p.id === t.id))];
          return merged;
        });
        setCursor(page.pageInfo.endCursor ?? undefined);
        setHasMore(page.pageInfo.hasNextPage);
        setError(undefined);
      } catch (err) {
        if (run === generation.current) {
          setError(errorMessage(err, t('history.loadFailed')));
          setHasMore(false);
        }
      } finally {
        if (run === generation.current) setLoading(false);
      }
    },
    [client, cursor, search, t]
  );

  useEffect(() => {
    void load(true);
    // Reload from the start when the search or the refresh key changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, refreshKey]);

  const loadMore = useCallback(() => {
    if (!loading && hasMore) void load(false);
  }, [loading, hasMore, load]);

  const replace = useCallback((id: string, patch: Partial<IThread> | null) => {
    setThreads((prev) => (patch === null ? prev.filter((t) => t.id !== id) : prev.map((t) => (t.id === id ? { ...t, ...patch } : t))));
  }, []);

  return { threads, loading, error, hasMore, loadMore, replace };
}
