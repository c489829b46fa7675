import type { IAsk } from '@chainlit/react-client';
import { Hourglass } from 'lucide-react';
import { useMemo } from 'react';

import { formatSeconds, useCountdown } from '../../hooks/useCountdown';
import { useTranslation } from '../../i18n/I18nProvider';

/** Tells the user an ask is pending and how long is left before it times out. */
export function AskStatus({ askUser }: { askUser: IAsk }) {
  const { t } = useTranslation();
  // A new ask (new step_id) restarts the clock.
  const deadline = useMemo(
    () => (askUser.spec.timeout ? Date.now() + askUser.spec.timeout * 1000 : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [askUser.spec.step_id, askUser.spec.timeout]
  );
  const left = useCountdown(deadline);
  const expired = !!deadline && left === 0;

  return (
    <div className={`ask-status${expired ? ' expired' : ''}`} role="status" aria-live="polite" data-testid="ask-status">
      <Hourglass size={14} aria-hidden="true" />
      {expired ? (
        <span>{t('chat.ask.timedOut')}</span>
      ) : (
        <span>
          {t(`chat.ask.${askUser.spec.type}`)}
          {deadline ? ` · ${t('chat.ask.left', { time: formatSeconds(left) })}` : ''}
        </span>
      )}
    </div>
  );
}
