import { useId, useState, type FormEvent } from 'react';

import { useTranslation } from '../../i18n/I18nProvider';

interface Props {
  onSubmit: (username: string, password: string) => Promise<void>;
}

export function PasswordLoginForm({ onSubmit }: Props) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const usernameId = useId();
  const passwordId = useId();

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username || !password || submitting) return;
    setSubmitting(true);
    try {
      await onSubmit(username, password);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form className="login-form" onSubmit={handleSubmit} aria-label={t('auth.form.label')}>
      <label htmlFor={usernameId}>{t('auth.form.username')}</label>
      <input
        id={usernameId}
        name="username"
        autoComplete="username"
        autoFocus
        required
        value={username}
        onChange={(e) => setUsername(e.target.value)}
      />
      <label htmlFor={passwordId}>{t('auth.form.password')}</label>
      <input
        id={passwordId}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" className="button primary" disabled={submitting || !username || !password}>
        {submitting ? t('auth.form.submitting') : t('auth.form.submit')}
      </button>
    </form>
  );
}
