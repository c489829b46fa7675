const USER_ENV_KEY = 'userEnv';

export type UserEnv = Record<string, string>;

export function loadUserEnv(): UserEnv {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(USER_ENV_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as UserEnv) : {};
  } catch {
    return {};
  }
}

export function storeUserEnv(env: UserEnv) {
  try {
    window.localStorage.setItem(USER_ENV_KEY, JSON.stringify(env));
  } catch {
    /* ignore */
  }
}

export function missingUserEnvKeys(required: string[] | null | undefined, env: UserEnv): string[] {
  return (required ?? []).filter((key) => !env[key]);
}
