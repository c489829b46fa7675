import type { IAction } from '@chainlit/react-client';
import { useState } from 'react';

import { useTranslation } from '../../i18n/I18nProvider';
import { useChatContext } from './ChatContext';

/** The action buttons the server attached to a message (`action` events, forId = message id). */
export function ActionButtons({ forId }: { forId: string }) {
  const { actions, askUser, loading, onAction, readOnly } = useChatContext();
  const [pending, setPending] = useState<string>();
  const { t } = useTranslation();
  const own = actions.filter((a) => a.forId === forId);
  if (own.length === 0 || readOnly) return null;

  const isAsked = (action: IAction) => askUser?.spec.type === 'action' && !!askUser.spec.keys?.includes(action.id);

  return (
    <div className="action-buttons" role="group" aria-label={t('chat.message.actions')}>
      {own.map((action) => (
        <button
          key={action.id}
          type="button"
          className={`button ${isAsked(action) ? 'primary' : 'outline'} small`}
          title={action.tooltip || undefined}
          disabled={pending === action.id || (loading && !isAsked(action))}
          onClick={async () => {
            setPending(action.id);
            try {
              await onAction(action);
            } finally {
              setPending(undefined);
            }
          }}
          data-testid="action-button"
          data-action-name={action.name}
        >
          {action.label || action.name}
        </button>
      ))}
    </div>
  );
}
