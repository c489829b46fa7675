import { useAuth } from '@chainlit/react-client';
import { LogOut } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';

import { useTranslation } from '../../i18n/I18nProvider';

/** The signed-in user's initial; a menu with their identity and "Log out". */
export function UserMenu() {
  const { user, logout, data: authConfig } = useAuth();
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  if (!user || !authConfig?.requireLogin) return null;
  const name = user.display_name || user.identifier;
  const image = user.metadata?.image as string | undefined;

  return (
    <div className="user-menu" ref={menuRef}>
      <button
        ref={buttonRef}
        type="button"
        className="user-avatar-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t('account.button', { name })}
        onClick={() => setOpen((v) => !v)}
        data-testid="user-menu"
      >
        {image ? <img src={image} alt="" /> : <span aria-hidden="true">{name.charAt(0).toUpperCase()}</span>}
      </button>
      {open && (
        <div className="menu" role="menu" aria-label={t('account.menu')}>
          <div className="menu-header">
            <strong>{name}</strong>
            {user.display_name && <span className="muted">{user.identifier}</span>}
          </div>
          <button type="button" role="menuitem" className="menu-item" onClick={() => void logout(true)}>
            <LogOut size={16} aria-hidden="true" /> {t('account.logout')}
          </button>
        </div>
      )}
    </div>
  );
}
