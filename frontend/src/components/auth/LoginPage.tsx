import { ChainlitContext, useAuth } from '@chainlit/react-client';
import { useContext, useEffect, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';

import { useThemeMode } from '../../hooks/ThemeProvider';
import { useTranslation } from '../../i18n/I18nProvider';
import { errorMessage, loginErrorKey } from '../../lib/errors';
import { FullPageSpinner } from '../common/FullPageSpinner';
import { Logo } from '../layout/Logo';
import { ThemeToggle } from '../layout/ThemeToggle';
import { OAuthButtons } from './OAuthButtons';
import { PasswordLoginForm } from './PasswordLoginForm';

export function LoginPage() {
  const client = useContext(ChainlitContext);
  const { t } = useTranslation();
  const { data: authConfig, isAuthenticated, setUserFromAPI } = useAuth();
  const { mode } = useThemeMode();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const loginError = (code: string) => {
    const key = loginErrorKey(code);
    return key ? t(key) : code;
  };
  const [error, setError] = useState<string | undefined>(() => {
    const code = params.get('error');
    return code ? loginError(code) : undefined;
  });
  const headerAuthTried = useRef(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  // Header auth: the proxy in front of the server identifies the user; just ask the server.
  useEffect(() => {
    if (!authConfig?.headerAuth || isAuthenticated || headerAuthTried.current) return;
    headerAuthTried.current = true;
    client
      .headerAuth()
      .then(async () => {
        await setUserFromAPI();
      })
      .then(() => navigate(from, { replace: true }))
      .catch((err: unknown) => setError(errorMessage(err, t('auth.headerFailed'))));
  }, [authConfig, isAuthenticated, client, setUserFromAPI, navigate, from, t]);

  if (!authConfig) return <FullPageSpinner />;
  if (isAuthenticated || !authConfig.requireLogin) return <Navigate to={from} replace />;

  const handlePassword = async (username: string, password: string) => {
    const form = new FormData();
    form.append('username', username);
    form.append('password', password);
    try {
      setError(undefined);
      await client.passwordAuth(form);
      await setUserFromAPI();
      navigate(from, { replace: true });
    } catch (err) {
      setError(loginError(errorMessage(err, 'credentialssignin')));
    }
  };

  const image = authConfig.ui?.login_page_image;
  const imageFilter = mode === 'dark' ? authConfig.ui?.login_page_image_dark_filter : authConfig.ui?.login_page_image_filter;
  const hasNoMethod = !authConfig.passwordAuth && !authConfig.headerAuth && authConfig.oauthProviders.length === 0;

  return (
    <div className="login-page">
      <main className="login-panel" aria-labelledby="login-title">
        <div className="login-top">
          <Logo />
          <ThemeToggle />
        </div>
        <h1 id="login-title">{t('auth.title')}</h1>
        {error && (
          <p className="alert error" role="alert">
            {error}
          </p>
        )}
        {authConfig.passwordAuth && <PasswordLoginForm onSubmit={handlePassword} />}
        {authConfig.passwordAuth && authConfig.oauthProviders.length > 0 && (
          <div className="separator" role="separator">
            <span>{t('auth.or')}</span>
          </div>
        )}
        <OAuthButtons providers={authConfig.oauthProviders} endpointFor={(p) => client.getOAuthEndpoint(p)} />
        {authConfig.headerAuth && !authConfig.passwordAuth && authConfig.oauthProviders.length === 0 && !error && (
          <p className="muted">{t('auth.signingYouIn')}</p>
        )}
        {hasNoMethod && <p className="alert error">{t('auth.noMethod')}</p>}
      </main>
      {image && (
        <div className="login-image" aria-hidden="true">
          <img src={image} alt="" style={imageFilter ? { filter: imageFilter } : undefined} />
        </div>
      )}
    </div>
  );
}
