/**
 * Watch mode (`my_app run -w`): the server rebuilds the app on a source change and swaps
 * processes. These helpers read its two socket events, `build_status` and `reload`, without
 * trusting their shape: both come from the network.
 */

/** The last build failed; the server keeps running the previous build. */
export interface BuildFailure {
  /** The compiler's first error as plain text, or undefined when the server sent none. */
  error?: string;
  /** The CMake target that failed to build, when given. */
  target?: string;
}

/** Longest error text kept: the banner scrolls, but a runaway log must not swamp the DOM. */
const MAX_ERROR_CHARS = 20_000;

/**
 * What a `build_status` payload says: `null` for a good build (`{"ok": true}`), a failure for
 * `{"ok": false, ...}`, and `undefined` for anything else, which changes nothing.
 */
export function parseBuildStatus(payload: unknown): BuildFailure | null | undefined {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const { ok, error, target } = payload as Record<string, unknown>;
  if (ok === true) return null;
  if (ok !== false) return undefined;
  const text = typeof error === 'string' && error.trim() ? error : undefined;
  return {
    error: text && text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text,
    target: typeof target === 'string' && target.trim() ? target : undefined
  };
}

/** Where the page leaves a note for itself across the reload the server asks for. */
export const RELOAD_KEY = 'chainlit:reloaded';
/** An older note is left over from some other reload: ignored. */
export const RELOAD_MAX_AGE_MS = 60_000;

interface ReloadNote {
  /** The thread the chat was on, when it has a URL to come back to. */
  threadId: string | null;
  /** When the reload was asked for (ms since the epoch). */
  at: number;
}

/** Notes, before the page goes away, that it reloads on the server's word. */
export function rememberReload(storage: Storage, threadId: string | null, now = Date.now()) {
  const note: ReloadNote = { threadId, at: now };
  try {
    storage.setItem(RELOAD_KEY, JSON.stringify(note));
  } catch {
    // Storage full or disabled: the reload still happens, only without the notice.
  }
}

/**
 * The note a reload left, taken out of storage (so it shows once), when it is fresh;
 * `undefined` when there is none, or it is stale or unreadable.
 */
export function takeReloadNote(storage: Storage, now = Date.now()): { threadId: string | null } | undefined {
  let raw: string | null;
  try {
    raw = storage.getItem(RELOAD_KEY);
    if (raw === null) return undefined;
    storage.removeItem(RELOAD_KEY);
  } catch {
    return undefined;
  }
  let note: unknown;
  try {
    note = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!note || typeof note !== 'object') return undefined;
  const { threadId, at } = note as Record<string, unknown>;
  if (typeof at !== 'number' || !Number.isFinite(at)) return undefined;
  const age = now - at;
  if (age < 0 || age >= RELOAD_MAX_AGE_MS) return undefined;
  return { threadId: typeof threadId === 'string' && threadId ? threadId : null };
}
