import { useAuth } from '@chainlit/react-client';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

import { applyTheme, storedTheme, storeTheme, type ThemeMode } from '../lib/theme';

interface ThemeContextValue {
  mode: ThemeMode;
  setMode: (mode: ThemeMode) => void;
  toggle: () => void;
}

const ThemeContext = createContext<ThemeContextValue>({
  mode: 'dark',
  setMode: () => undefined,
  toggle: () => undefined
});

/** Theme: the user's stored choice, else `default_theme` from /auth/config, else dark. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const { data: authConfig } = useAuth();
  const [chosen, setChosen] = useState<ThemeMode | undefined>(() => storedTheme());
  const mode: ThemeMode = chosen ?? authConfig?.default_theme ?? 'dark';

  useEffect(() => applyTheme(mode), [mode]);

  const setMode = useCallback((next: ThemeMode) => {
    storeTheme(next);
    setChosen(next);
  }, []);
  const toggle = useCallback(() => setMode(mode === 'dark' ? 'light' : 'dark'), [mode, setMode]);

  const value = useMemo(() => ({ mode, setMode, toggle }), [mode, setMode, toggle]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useThemeMode() {
  return useContext(ThemeContext);
}
