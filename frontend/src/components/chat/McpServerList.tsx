import { ChainlitContext, mcpState, useChatSession, type IMcp } from '@chainlit/react-client';
import { useContext, useId, useState } from 'react';
import { useRecoilState } from 'recoil';

import { useTranslation } from '../../i18n/I18nProvider';
import type { TFunction } from '../../i18n/translate';
import { errorMessage } from '../../lib/errors';

/** The transport's label; `sse` only appears for a server saved by another Chainlit UI. */
export function transportLabel(clientType: IMcp['clientType'], t: TFunction): string {
  if (clientType === 'streamable-http') return t('chat.mcp.transports.streamableHttp');
  return t(`chat.mcp.transports.${clientType}`);
}

/** The server answers tools with a description; the react-client's type only names them. */
type Tool = { name: string; description?: string };

/**
 * The user's MCP servers: name, status, transport, command or URL, and the tools (names on
 * expand). Remove asks the server to close the client (DELETE /mcp) and drops the server from
 * the saved list whatever the answer: a server the UI cannot reach would otherwise stay forever
 * and be reconnected on every visit. A failure is shown, not swallowed.
 */
export function McpServerList() {
  const client = useContext(ChainlitContext);
  const { sessionId } = useChatSession();
  const { t } = useTranslation();
  const [servers, setServers] = useRecoilState(mcpState);
  const [removing, setRemoving] = useState<string>();
  const [error, setError] = useState<string>();
  const headingId = useId();

  const remove = async (name: string) => {
    setRemoving(name);
    setError(undefined);
    try {
      await client.disconnectMcp(sessionId, name);
    } catch (err) {
      setError(t('chat.mcp.removeFailed', { name, detail: errorMessage(err, t('chat.mcp.errors.unknown')) }));
    } finally {
      setServers((prev) => prev.filter((s) => s.name !== name));
      setRemoving(undefined);
    }
  };

  return (
    <section className="mcp-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('chat.mcp.listTitle')}</h3>
      {error && (
        <p className="alert error" role="alert" data-testid="mcp-remove-error">
          {error}
        </p>
      )}
      {servers.length === 0 ? (
        <p className="muted" data-testid="mcp-empty">
          {t('chat.mcp.empty')}
        </p>
      ) : (
        <ul className="mcp-servers" aria-labelledby={headingId}>
          {servers.map((server) => {
            const tools = (server.tools ?? []) as Tool[];
            return (
              <li key={server.name} className="mcp-server" data-testid="mcp-server" data-name={server.name}>
                <div className="mcp-server-head">
                  <span className="mcp-server-name">{server.name}</span>
                  <span className={`mcp-status ${server.status}`} data-testid="mcp-status">
                    {t(`chat.mcp.status.${server.status}`)}
                  </span>
                  <span className="header-spacer" />
                  <button
                    type="button"
                    className="button small outline"
                    aria-label={t('chat.mcp.removeLabel', { name: server.name })}
                    disabled={removing === server.name}
                    onClick={() => void remove(server.name)}
                  >
                    {t('chat.mcp.remove')}
                  </button>
                </div>
                <div className="mcp-server-target muted">
                  <span>{transportLabel(server.clientType, t)}</span>
                  <code>{server.clientType === 'stdio' ? server.command : server.url}</code>
                </div>
                <details className="mcp-tools">
                  <summary>{t('chat.mcp.tools', { count: tools.length })}</summary>
                  <ul>
                    {tools.map((tool) => (
                      <li key={tool.name} title={tool.description} data-testid="mcp-tool">
                        {tool.name}
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
