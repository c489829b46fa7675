import { currentThreadIdState, resumeThreadErrorState, useAuth, useChatSession, useConfig } from '@chainlit/react-client';
import { useEffect, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { useRecoilState, useRecoilValue } from 'recoil';
import { toast } from 'sonner';

import { useTranslation } from '../i18n/I18nProvider';
import { loadUserEnv, missingUserEnvKeys } from '../lib/userEnv';

/**
 * Opens the socket once the preconditions of spec A.2 hold: auth config loaded, user
 * authenticated (or login not required), project settings loaded, a chat profile chosen when
 * there are profiles, and every required user env key known. `connect` is recreated by the
 * react client when the session id, the thread to resume or the profile change, which
 * reconnects.
 */
export function useSessionConnection() {
  const { isAuthenticated } = useAuth();
  const { t } = useTranslation();
  const { config } = useConfig();
  const { connect, chatProfile, setChatProfile } = useChatSession();
  const navigate = useNavigate();
  const userEnv = useMemo(() => loadUserEnv(), []);
  const missingEnv = missingUserEnvKeys(config?.userEnv, userEnv).length > 0;
  const profiles = config?.chatProfiles ?? [];
  const profileReady = profiles.length === 0 || !!chatProfile;
  const [resumeError, setResumeError] = useRecoilState(resumeThreadErrorState);
  const currentThreadId = useRecoilValue(currentThreadIdState);

  useEffect(() => {
    if (profiles.length === 0 || chatProfile) return;
    const preferred = profiles.find((p) => p.default) ?? profiles[0];
    setChatProfile(preferred.name);
  }, [profiles, chatProfile, setChatProfile]);

  useEffect(() => {
    if (config && missingEnv) navigate('/env');
  }, [config, missingEnv, navigate]);

  const configLoaded = !!config;
  useEffect(() => {
    if (!isAuthenticated || !configLoaded || !profileReady || missingEnv) return;
    connect({ transports: window.transports, userEnv });
  }, [connect, isAuthenticated, configLoaded, profileReady, missingEnv, userEnv]);

  useEffect(() => {
    if (!resumeError) return;
    toast.error(t('chat.resumeFailed', { error: resumeError }));
    setResumeError(undefined);
    navigate('/');
  }, [resumeError, setResumeError, navigate, t]);

  // Once the server has made a thread for this chat, give it its own URL (when persisted).
  const persisted = !!config?.dataPersistence;
  useEffect(() => {
    if (!persisted || !currentThreadId) return;
    const target = `/thread/${currentThreadId}`;
    if (window.location.pathname.endsWith(target)) return;
    if (/\/thread\/[^/]+$/.test(window.location.pathname) || isChatHome()) navigate(target, { replace: true });
  }, [persisted, currentThreadId, navigate]);
}

function isChatHome(): boolean {
  const root = window.__CHAINLIT_ROOT_PATH__ ?? '';
  const path = window.location.pathname.replace(/\/+$/, '');
  return path === root || path === '';
}
