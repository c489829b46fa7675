/** A readable message from whatever the react client threw (ClientError, string, Error): the
 *  server's detail when there is one (not translated), else `fallback`. */
export function errorMessage(error: unknown, fallback: string): string {
  if (typeof error === 'string') return error || fallback;
  if (error && typeof error === 'object') {
    const detail = (error as { detail?: unknown }).detail;
    if (typeof detail === 'string' && detail) return detail;
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
  }
  return fallback;
}

/** The error codes of the login routes (spec C.1) that have a text of their own. */
const LOGIN_ERRORS = ['credentialssignin', 'oauthsignin', 'oauthcallbackerror', 'access_denied', 'unauthorized'];

/** The translation key for a login error code, or undefined (show the code as it is). */
export function loginErrorKey(code: string): string | undefined {
  const known = code.toLowerCase();
  return LOGIN_ERRORS.includes(known) ? `auth.errors.${known}` : undefined;
}
