import { useAuth } from '@chainlit/react-client';
import { useEffect } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';

import { useTranslation } from '../../i18n/I18nProvider';
import { FullPageSpinner } from '../common/FullPageSpinner';

/** The server's OAuth callback redirects here (`/login/callback?success=True`) with the cookie set. */
export function LoginCallback() {
  const { setUserFromAPI } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { t } = useTranslation();

  useEffect(() => {
    const error = params.get('error');
    if (error) {
      navigate(`/login?error=${encodeURIComponent(error)}`, { replace: true });
      return;
    }
    Promise.resolve(setUserFromAPI())
      .then(() => navigate('/', { replace: true }))
      .catch(() => navigate('/login?error=oauthcallbackerror', { replace: true }));
  }, [params, navigate, setUserFromAPI]);

  return <FullPageSpinner label={t('auth.finishingSignIn')} />;
}
