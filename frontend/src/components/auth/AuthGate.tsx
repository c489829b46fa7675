import { useAuth } from '@chainlit/react-client';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';

import { useTranslation } from '../../i18n/I18nProvider';
import { FullPageSpinner } from '../common/FullPageSpinner';

/** Renders its children once /auth/config and /user say the visitor may use the app. */
export function AuthGate({ children }: { children: ReactNode }) {
  const { data: authConfig, isReady, isAuthenticated } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();

  if (!authConfig || !isReady) return <FullPageSpinner label={t('auth.checkingSession')} />;
  if (authConfig.requireLogin && !isAuthenticated) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}
