import { useId, useState, type FormEvent } from 'react';

interface Props {
  onSubmit: (username: string, password: string) => Promise<void>;
}

export function PasswordLoginForm({ onSubmit }: Props) {
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
    <form className="login-form" onSubmit={handleSubmit} aria-label="Sign in with your credentials">
      <label htmlFor={usernameId}>Username</label>
      <input
        id={usernameId}
        name="username"
        autoComplete="username"
        autoFocus
        required
        value={username}
        onChange={(e) => setUsername(e.target.value)}
      />
      <label htmlFor={passwordId}>Password</label>
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
        {submitting ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
