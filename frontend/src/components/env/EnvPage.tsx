import { useConfig } from '@chainlit/react-client';
import { useState, type FormEvent } from 'react';

import { useTranslation } from '../../i18n/I18nProvider';
import { loadUserEnv, storeUserEnv } from '../../lib/userEnv';
import { FullPageSpinner } from '../common/FullPageSpinner';

/** `/env`: asks for the user env keys the app requires (`[project] user_env`), kept in localStorage. */
export function EnvPage() {
  const { config } = useConfig();
  const { t } = useTranslation();
  const [values, setValues] = useState(loadUserEnv);
  if (!config) return <FullPageSpinner />;
  const keys = config.userEnv ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    storeUserEnv(values);
    window.location.assign(`${window.__CHAINLIT_ROOT_PATH__ ?? ''}/`);
  };

  return (
    <main className="env-page">
      <form onSubmit={submit} className="card env-form" aria-labelledby="env-title">
        <h1 id="env-title">{t('env.title')}</h1>
        <p className="muted">{t('env.explanation')}</p>
        {keys.map((key) => (
          <div key={key} className="settings-field">
            <label htmlFor={`env-${key}`}>{key}</label>
            <input
              id={`env-${key}`}
              type={config.maskUserEnv ? 'password' : 'text'}
              required
              autoComplete="off"
              value={values[key] ?? ''}
              onChange={(e) => setValues((prev) => ({ ...prev, [key]: e.target.value }))}
            />
          </div>
        ))}
        <button type="submit" className="button primary">
          {t('env.submit')}
        </button>
      </form>
    </main>
  );
}
