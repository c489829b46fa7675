import { useConnectionState } from '../../hooks/useConnectionState';
import { useTranslation } from '../../i18n/I18nProvider';

const MESSAGES = {
  reconnecting: 'connection.reconnecting',
  failed: 'connection.failed'
} as const;

/** A visible banner while the socket is down; screen readers hear it through role=status. */
export function ConnectionStatus() {
  const state = useConnectionState();
  const { t } = useTranslation();
  if (state !== 'reconnecting' && state !== 'failed') {
    return <div className="sr-only" role="status" aria-live="polite" data-connection-state={state} />;
  }
  return (
    <div className={`connection-banner ${state}`} role="status" aria-live="polite" data-connection-state={state}>
      <span className="dot" aria-hidden="true" />
      {t(MESSAGES[state])}
      {state === 'failed' && (
        <button type="button" className="link-button" onClick={() => window.location.reload()}>
          {t('connection.reload')}
        </button>
      )}
    </div>
  );
}
