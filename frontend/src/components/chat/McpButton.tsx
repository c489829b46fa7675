import { Plug } from 'lucide-react';
import { useCallback, useState } from 'react';

import { useTranslation } from '../../i18n/I18nProvider';
import type { McpFeature } from '../../lib/mcp';
import { McpDialog } from './McpDialog';

/**
 * The composer's "MCP servers" button (`config.features.mcp`): opens the dialog that lists,
 * adds and removes the user's MCP servers. Nothing when the app has MCP off.
 */
export function McpButton({ mcp }: { mcp: McpFeature | undefined }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  // Stable: the Modal re-runs its focus handling whenever onClose changes.
  const close = useCallback(() => setOpen(false), []);
  if (!mcp?.enabled) return null;
  return (
    <>
      <button
        type="button"
        className={`icon-button${open ? ' active' : ''}`}
        aria-label={t('chat.mcp.button')}
        title={t('chat.mcp.button')}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        data-testid="mcp-button"
      >
        <Plug size={18} aria-hidden="true" />
      </button>
      {open && <McpDialog mcp={mcp} onClose={close} />}
    </>
  );
}
