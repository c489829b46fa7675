/** The path prefix the server mounts the app under (spec C.3), without a trailing slash. */
export function readRootPath(doc: Document = document): string {
  const meta = doc.querySelector<HTMLMetaElement>('meta[property="og:root_path"]');
  return normalizeRootPath(meta?.content ?? '');
}

export function normalizeRootPath(raw: string): string {
  const trimmed = raw.trim();
  if (!trimmed || trimmed === '/') return '';
  const withLeadingSlash = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  return withLeadingSlash.replace(/\/+$/, '');
}

/** The base URL given to ChainlitAPI: origin plus root path. */
export function httpEndpointFor(origin: string, rootPath: string): string {
  return `${origin}${rootPath}`;
}

/** Prefixes a server path ("/avatars/x") with the root path. */
export function withRootPath(path: string): string {
  const root = window.__CHAINLIT_ROOT_PATH__ ?? '';
  return `${root}${path.startsWith('/') ? path : `/${path}`}`;
}
