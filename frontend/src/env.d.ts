/// <reference types="vite/client" />

type ThemeVariables = Record<string, string>;

interface Window {
  /** Injected by the server from public/theme.json (`variables`): CSS variables per mode. */
  theme?: { light?: ThemeVariables; dark?: ThemeVariables };
  /** Injected by the server from `[project] transports`. */
  transports?: string[];
  /** Set by main.tsx from the og:root_path meta tag; used to load code-split chunks. */
  __CHAINLIT_ROOT_PATH__?: string;
}
