import { ChainlitContext } from '@chainlit/react-client';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

import { bundledEnglish, englishT } from './english';
import { createT, type TFunction, type Translation } from './translate';

interface I18n {
  t: TFunction;
  /** The language the server answered with (Content-Language), else the one asked for. */
  language: string;
}

const I18nContext = createContext<I18n>({ t: englishT, language: 'en-US' });

/** The browser's language, as sent to the server (`navigator.language`, else en-US). */
export function browserLanguage(): string {
  return (typeof navigator !== 'undefined' && navigator.language) || 'en-US';
}

/**
 * Loads the UI's strings for the browser's language from `/project/translations` (the server
 * merges English, the language and the app's `.chainlit/translations` overrides) and renders
 * its children once they are there. Keys the answer lacks, and a failed request, fall back to
 * the English bundled with the UI. Sets `<html lang>` to the language shown.
 */
export function I18nProvider({ children, language = browserLanguage(), loading }: { children: ReactNode; language?: string; loading: ReactNode }) {
  const client = useContext(ChainlitContext);
  const [loaded, setLoaded] = useState<{ translation: Translation; language: string }>();

  useEffect(() => {
    let live = true;
    const load = async () => {
      try {
        const res = await client.get(`/project/translations?language=${encodeURIComponent(language)}`);
        const body = (await res.json()) as { translation?: Translation };
        return { translation: body.translation ?? {}, language: res.headers.get('Content-Language') || language };
      } catch {
        return { translation: {}, language: 'en-US' };
      }
    };
    void load().then((result) => {
      if (live) setLoaded(result);
    });
    return () => {
      live = false;
    };
  }, [client, language]);

  useEffect(() => {
    if (loaded) document.documentElement.lang = loaded.language;
  }, [loaded]);

  const value = useMemo<I18n | undefined>(
    () => loaded && { t: createT(loaded.language, [loaded.translation, bundledEnglish]), language: loaded.language },
    [loaded]
  );
  if (!value) return <>{loading}</>;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** `t(key, vars)` in the current language; outside a provider, the bundled English. */
export function useTranslation(): I18n {
  return useContext(I18nContext);
}
