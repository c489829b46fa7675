import { useConnectionState } from '../../hooks/useConnectionState';

const MESSAGES = {
  reconnecting: 'Connection lost. Reconnecting…',
  failed: 'Could not connect to the server.'
} as const;

/** A visible banner while the socket is down; screen readers hear it through role=status. */
export function ConnectionStatus() {
  const state = useConnectionState();
  if (state !== 'reconnecting' && state !== 'failed') {
    return <div className="sr-only" role="status" aria-live="polite" data-connection-state={state} />;
  }
  return (
    <div className={`connection-banner ${state}`} role="status" aria-live="polite" data-connection-state={state}>
      <span className="dot" aria-hidden="true" />
      {MESSAGES[state]}
      {state === 'failed' && (
        <button type="button" className="link-button" onClick={() => window.location.reload()}>
          Reload
        </button>
      )}
    </div>
  );
}
