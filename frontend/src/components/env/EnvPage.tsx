import { useConfig } from '@chainlit/react-client';
import { useState, type FormEvent } from 'react';

import { loadUserEnv, storeUserEnv } from '../../lib/userEnv';
import { FullPageSpinner } from '../common/FullPageSpinner';

/** `/env`: asks for the user env keys the app requires (`[project] user_env`), kept in localStorage. */
export function EnvPage() {
  const { config } = useConfig();
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
        <h1 id="env-title">Your API keys</h1>
        <p className="muted">This app needs these values. They stay in this browser and are sent to the server when you connect.</p>
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
          Save and continue
        </button>
      </form>
    </main>
  );
}
