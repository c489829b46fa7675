import { RotateCw } from 'lucide-react';
import { useEffect, useState } from 'react';

import { useReloadNote } from '../../hooks/useReloadNote';
import { useTranslation } from '../../i18n/I18nProvider';

/** How long the notice stays: long enough to read, short enough not to be in the way. */
const NOTICE_MS = 4000;

/**
 * Watch mode: after the server had the page reloaded (a rebuilt app), says so for a few
 * seconds, so a chat that comes back (or starts afresh) is not a surprise. The conversation
 * itself is brought back by useReloadNote.
 */
export function DevReloadNotice() {
  const reloaded = useReloadNote();
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);

  useEffect(() => {
    if (!reloaded) return;
    setVisible(true);
    const timer = setTimeout(() => setVisible(false), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [reloaded]);

  if (!visible) return null;
  return (
    <div className="reload-notice" role="status" data-testid="reload-notice">
      <RotateCw size={14} aria-hidden="true" />
      {t('devWatch.reloaded')}
    </div>
  );
}
