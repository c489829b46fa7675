/** A readable message from whatever the react client threw (ClientError, string, Error). */
export function errorMessage(error: unknown, fallback = 'Something went wrong'): string {
  if (typeof error === 'string') return error || fallback;
  if (error && typeof error === 'object') {
    const detail = (error as { detail?: unknown }).detail;
    if (typeof detail === 'string' && detail) return detail;
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
  }
  return fallback;
}

const LOGIN_ERRORS: Record<string, string> = {
  credentialssignin: 'Sign in failed. Check the details you provided are correct.',
  oauthsignin: 'Sign in with this provider failed. Try again or use another method.',
  oauthcallbackerror: 'The provider could not complete the sign in.',
  access_denied: 'Access was denied by the provider.',
  unauthorized: 'You are not authorized to sign in.'
};

export function loginErrorText(code: string): string {
  return LOGIN_ERRORS[code.toLowerCase()] ?? code;
}
