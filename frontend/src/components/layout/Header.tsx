import { useChatData, useConfig } from '@chainlit/react-client';
import { BookOpen, PanelLeft, Settings2, SquarePen } from 'lucide-react';

import { useTranslation } from '../../i18n/I18nProvider';
import { ChatProfileSelect } from './ChatProfileSelect';
import { Logo } from './Logo';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';

interface Props {
  showSidebarToggle: boolean;
  sidebarOpen: boolean;
  onToggleSidebar: () => void;
  onNewChat: () => void;
  onOpenSettings: () => void;
  onOpenReadme: () => void;
}

export function Header({ showSidebarToggle, sidebarOpen, onToggleSidebar, onNewChat, onOpenSettings, onOpenReadme }: Props) {
  const { config } = useConfig();
  const { t } = useTranslation();
  const { chatSettingsInputs } = useChatData();
  const hasSettings = Array.isArray(chatSettingsInputs) && chatSettingsInputs.length > 0;
  const links = config?.ui?.header_links ?? [];

  return (
    <header className="app-header">
      {showSidebarToggle && (
        <button
          type="button"
          className="icon-button"
          onClick={onToggleSidebar}
          aria-label={sidebarOpen ? t('header.closeHistory') : t('header.openHistory')}
          aria-expanded={sidebarOpen}
          aria-controls="thread-sidebar"
          data-testid="sidebar-toggle"
        >
          <PanelLeft size={18} aria-hidden="true" />
        </button>
      )}
      <Logo className="header-logo" />
      <ChatProfileSelect />
      <div className="header-spacer" />
      <button type="button" className="icon-button" onClick={onNewChat} aria-label={t('header.newChat')} title={t('header.newChat')} data-testid="new-chat">
        <SquarePen size={18} aria-hidden="true" />
      </button>
      {hasSettings && (
        <button
          type="button"
          className="icon-button"
          onClick={onOpenSettings}
          aria-label={t('header.chatSettings')}
          title={t('header.chatSettings')}
          data-testid="open-chat-settings"
        >
          <Settings2 size={18} aria-hidden="true" />
        </button>
      )}
      {config?.markdown && (
        <button type="button" className="icon-button" onClick={onOpenReadme} aria-label={t('header.readme')} title={t('header.readme')} data-testid="open-readme">
          <BookOpen size={18} aria-hidden="true" />
        </button>
      )}
      {links.map((link) => (
        <a
          key={link.url}
          className="icon-button"
          href={link.url}
          target={link.target ?? '_blank'}
          rel="noreferrer"
          aria-label={link.display_name || link.name}
          title={link.display_name || link.name}
        >
          {link.icon_url ? <img src={link.icon_url} alt="" width={18} height={18} /> : link.name}
        </a>
      ))}
      <ThemeToggle />
      <UserMenu />
    </header>
  );
}
