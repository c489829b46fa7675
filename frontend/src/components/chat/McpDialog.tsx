import { useTranslation } from '../../i18n/I18nProvider';
import { offeredTransports, type McpFeature } from '../../lib/mcp';
import { Modal } from '../common/Modal';
import { McpAddForm } from './McpAddForm';
import { McpServerList } from './McpServerList';

/**
 * The MCP servers dialog: the user's servers (`mcpState`, which the react-client saves in
 * localStorage and reconnects on every socket connect) and the form that adds one. The server
 * runs the MCP clients, per chat session, so every call carries the session id.
 */
export function McpDialog({ mcp, onClose }: { mcp: McpFeature; onClose: () => void }) {
  const { t } = useTranslation();
  const transports = offeredTransports(mcp);
  return (
    <Modal title={t('chat.mcp.title')} onClose={onClose}>
      <p className="muted">{t('chat.mcp.intro')}</p>
      <McpServerList />
      {transports.length ? <McpAddForm transports={transports} /> : <p className="muted">{t('chat.mcp.errors.noTransport')}</p>}
    </Modal>
  );
}
