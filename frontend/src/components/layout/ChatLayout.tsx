import { useAuth, useChatInteract, useConfig } from '@chainlit/react-client';
import { useCallback, useEffect, useState } from 'react';
import { Outlet, useNavigate } from 'react-router-dom';

import { useBatchedStreamTokens } from '../../hooks/useBatchedStreamTokens';
import { useMediaQuery } from '../../hooks/useMediaQuery';
import { useSessionConnection } from '../../hooks/useSessionConnection';
import { useTranslation } from '../../i18n/I18nProvider';
import { ReadmeModal } from '../common/ReadmeModal';
import { SideView } from '../elements/SideView';
import { ThreadSidebar } from '../history/ThreadSidebar';
import { ChatSettingsModal } from '../settings/ChatSettingsModal';
import { BuildStatusBanner } from './BuildStatusBanner';
import { ConnectionStatus } from './ConnectionStatus';
import { DevReloadNotice } from './DevReloadNotice';
import { Header } from './Header';

/** The signed-in app: header, thread history, the chat (or element page), side panel. */
export function ChatLayout() {
  useSessionConnection();
  useBatchedStreamTokens();
  const { config } = useConfig();
  const { t } = useTranslation();
  const { user, data: authConfig } = useAuth();
  const { clear } = useChatInteract();
  const navigate = useNavigate();
  const isNarrow = useMediaQuery('(max-width: 768px)');
  const historyAvailable = !!config?.dataPersistence && (!!user || !authConfig?.requireLogin);
  const sidebarDefault = config?.ui?.default_sidebar_state;
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [readmeOpen, setReadmeOpen] = useState(false);

  useEffect(() => {
    if (!config) return;
    setSidebarOpen(!isNarrow && sidebarDefault !== 'closed' && (sidebarDefault as string) !== 'hidden');
  }, [config, isNarrow, sidebarDefault]);

  const startNewChat = useCallback(() => {
    clear();
    navigate('/');
    if (isNarrow) setSidebarOpen(false);
  }, [clear, navigate, isNarrow]);

  const closeSidebarOnMobile = useCallback(() => {
    if (isNarrow) setSidebarOpen(false);
  }, [isNarrow]);

  return (
    <div className={`app-layout ${sidebarOpen && historyAvailable ? 'with-sidebar' : ''}`}>
      <a className="skip-link" href="#chat-input">
        {t('header.skipToInput')}
      </a>
      {historyAvailable && sidebarOpen && (
        <>
          {isNarrow && <div className="sidebar-scrim" onClick={() => setSidebarOpen(false)} aria-hidden="true" />}
          <ThreadSidebar onNavigate={closeSidebarOnMobile} onNewChat={startNewChat} />
        </>
      )}
      <div className="main-column">
        <Header
          showSidebarToggle={historyAvailable}
          sidebarOpen={sidebarOpen}
          onToggleSidebar={() => setSidebarOpen((v) => !v)}
          onNewChat={startNewChat}
          onOpenSettings={() => setSettingsOpen(true)}
          onOpenReadme={() => setReadmeOpen(true)}
        />
        <ConnectionStatus />
        {/* Watch mode (`run -w`): both stay empty unless the server sends their events. */}
        <BuildStatusBanner />
        <DevReloadNotice />
        <div className="content-row">
          <main className="main-content" id="main">
            <Outlet />
          </main>
          <SideView />
        </div>
      </div>
      {settingsOpen && <ChatSettingsModal onClose={() => setSettingsOpen(false)} />}
      {readmeOpen && config?.markdown && <ReadmeModal markdown={config.markdown} onClose={() => setReadmeOpen(false)} />}
    </div>
  );
}
