import { ChainlitContext, type IThread } from '@chainlit/react-client';
import { useContext, useState } from 'react';
import { toast } from 'sonner';

import { errorMessage } from '../../lib/errors';
import { withRootPath } from '../../lib/rootPath';
import { Modal } from '../common/Modal';
import { CopyButton } from '../markdown/CopyButton';
import { threadTitle } from './ThreadItem';

/** Turns sharing of a thread on or off (PUT /project/thread/share) and shows the link. */
export function ShareThreadModal({ thread, onClose }: { thread: IThread; onClose: () => void }) {
  const client = useContext(ChainlitContext);
  const [shared, setShared] = useState<boolean>(!!thread.metadata?.is_shared);
  const [busy, setBusy] = useState(false);
  const link = `${window.location.origin}${withRootPath(`/share/${thread.id}`)}`;

  const toggle = async () => {
    setBusy(true);
    try {
      await client.shareThread(thread.id, !shared);
      setShared(!shared);
      toast.success(!shared ? 'Anyone with the link can now view this chat' : 'Sharing turned off');
    } catch (err) {
      toast.error(errorMessage(err, 'Could not change sharing'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`Share “${threadTitle(thread)}”`} onClose={onClose}>
      <p className="muted">A shared chat can be read, not continued, by anyone signed in who has the link.</p>
      <label className="switch-row">
        <input type="checkbox" checked={shared} disabled={busy} onChange={toggle} data-testid="share-toggle" />
        <span>Share this chat</span>
      </label>
      {shared && (
        <div className="share-link">
          <input readOnly value={link} aria-label="Share link" onFocus={(e) => e.target.select()} />
          <CopyButton text={link} label="Copy link" />
        </div>
      )}
    </Modal>
  );
}
