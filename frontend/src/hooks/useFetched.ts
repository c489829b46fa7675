import { useEffect, useState } from 'react';

export interface Fetched<T> {
  data?: T;
  error?: string;
  loading: boolean;
}

/** Fetches an element's content (text or JSON) with the auth cookie. */
export function useFetched<T>(url: string | undefined, as: 'text' | 'json'): Fetched<T> {
  const [state, setState] = useState<Fetched<T>>({ loading: !!url });
  useEffect(() => {
    if (!url) {
      setState({ loading: false, error: 'No content' });
      return;
    }
    const controller = new AbortController();
    setState({ loading: true });
    fetch(url, { credentials: 'include', signal: controller.signal })
      .then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return (as === 'json' ? res.json() : res.text()) as Promise<T>;
      })
      .then((data) => setState({ data, loading: false }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setState({ loading: false, error: err instanceof Error ? err.message : String(err) });
      });
    return () => controller.abort();
  }, [url, as]);
  return state;
}
