/**
 * Composer input history, like a shell: ArrowUp walks back through sent messages, ArrowDown
 * walks forward and finally restores the draft that was being typed.
 */
export interface InputHistoryState {
  entries: string[];
  /** Index into entries while browsing; null when editing the draft. */
  cursor: number | null;
  draft: string;
}

export const MAX_HISTORY_ENTRIES = 100;

export function emptyHistory(entries: string[] = []): InputHistoryState {
  return { entries, cursor: null, draft: '' };
}

export function recordEntry(state: InputHistoryState, text: string): InputHistoryState {
  const value = text.trim();
  if (!value) return { ...state, cursor: null, draft: '' };
  const withoutDuplicate = state.entries.filter((entry) => entry !== value);
  const entries = [...withoutDuplicate, value].slice(-MAX_HISTORY_ENTRIES);
  return { entries, cursor: null, draft: '' };
}

export interface HistoryStep {
  state: InputHistoryState;
  /** The text the composer should now show, or null when nothing changes. */
  text: string | null;
}

export function stepBack(state: InputHistoryState, currentText: string): HistoryStep {
  if (state.entries.length === 0) return { state, text: null };
  if (state.cursor === null) {
    const cursor = state.entries.length - 1;
    return { state: { ...state, cursor, draft: currentText }, text: state.entries[cursor] };
  }
  if (state.cursor === 0) return { state, text: null };
  const cursor = state.cursor - 1;
  return { state: { ...state, cursor }, text: state.entries[cursor] };
}

export function stepForward(state: InputHistoryState): HistoryStep {
  if (state.cursor === null) return { state, text: null };
  if (state.cursor >= state.entries.length - 1) {
    return { state: { ...state, cursor: null }, text: state.draft };
  }
  const cursor = state.cursor + 1;
  return { state: { ...state, cursor }, text: state.entries[cursor] };
}

const STORAGE_KEY = 'chainlit-input-history';

export function loadStoredEntries(storage: Storage | undefined = safeLocalStorage()): string[] {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string') : [];
  } catch {
    return [];
  }
}

export function storeEntries(entries: string[], storage: Storage | undefined = safeLocalStorage()) {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(entries));
  } catch {
    /* storage full or disabled: history stays in memory */
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
