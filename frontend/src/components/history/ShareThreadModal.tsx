import { ChainlitContext, type IThread } from '@chainlit/react-client';
import { useContext, useState } from 'react';
import { toast } from 'sonner';

import { useTranslation } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { withRootPath } from '../../lib/rootPath';
import { Modal } from '../common/Modal';
import { CopyButton } from '../markdown/CopyButton';
import { threadTitle } from './ThreadItem';

/** Turns sharing of a thread on or off (PUT /project/thread/share) and shows the link. */
export function ShareThreadModal({ thread, onClose }: { thread: IThread; onClose: () => void }) {
  const client = useContext(ChainlitContext);
  const { t } = useTranslation();
  const [shared, setShared] = useState<boolean>(!!thread.metadata?.is_shared);
  const [busy, setBusy] = useState(false);
  const link = `${window.location.origin}${withRootPath(`/share/${thread.id}`)}`;

  const toggle = async () => {
    setBusy(true);
    try {
      await client.shareThread(thread.id, !shared);
      setShared(!shared);
      toast.success(!shared ? t('history.share.on') : t('history.share.off'));
    } catch (err) {
      toast.error(errorMessage(err, t('history.share.failed')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={t('history.share.title', { title: threadTitle(thread, t) })} onClose={onClose}>
      <p className="muted">{t('history.share.explanation')}</p>
      <label className="switch-row">
        <input type="checkbox" checked={shared} disabled={busy} onChange={toggle} data-testid="share-toggle" />
        <span>{t('history.share.toggle')}</span>
      </label>
      {shared && (
        <div className="share-link">
          <input readOnly value={link} aria-label={t('history.share.link')} onFocus={(e) => e.target.select()} />
          <CopyButton text={link} label={t('history.share.copyLink')} />
        </div>
      )}
    </Modal>
  );
}
