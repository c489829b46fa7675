import { useAuth } from '@chainlit/react-client';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';

import { FullPageSpinner } from '../common/FullPageSpinner';

/** Renders its children once /auth/config and /user say the visitor may use the app. */
export function AuthGate({ children }: { children: ReactNode }) {
  const { data: authConfig, isReady, isAuthenticated } = useAuth();
  const location = useLocation();

  if (!authConfig || !isReady) return <FullPageSpinner label="Checking your session" />;
  if (authConfig.requireLogin && !isAuthenticated) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}
