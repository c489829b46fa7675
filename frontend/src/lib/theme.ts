export type ThemeMode = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'chainlit-theme';

export function storedTheme(): ThemeMode | undefined {
  try {
    const value = window.localStorage.getItem(THEME_STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function storeTheme(mode: ThemeMode) {
  try {
    window.localStorage.setItem(THEME_STORAGE_KEY, mode);
  } catch {
    /* ignore */
  }
}

/** Puts the mode class on <html> and applies the server's theme.json variables for it. */
export function applyTheme(mode: ThemeMode, root: HTMLElement = document.documentElement) {
  root.classList.remove(mode === 'dark' ? 'light' : 'dark');
  root.classList.add(mode);
  root.style.colorScheme = mode;
  const variables = window.theme?.[mode] ?? {};
  const other = window.theme?.[mode === 'dark' ? 'light' : 'dark'] ?? {};
  for (const name of Object.keys(other)) root.style.removeProperty(name);
  for (const [name, value] of Object.entries(variables)) {
    if (name.startsWith('--')) root.style.setProperty(name, value);
  }
}
