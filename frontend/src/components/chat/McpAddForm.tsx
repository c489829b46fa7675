import { ChainlitContext, mcpState, useChatSession, type IMcp } from '@chainlit/react-client';
import { useContext, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useRecoilState } from 'recoil';

import { useTranslation } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { isHttpUrl, nameProblem, parseHeaders, type McpTransport } from '../../lib/mcp';
import { transportLabel } from './McpServerList';

type Field = 'name' | 'command' | 'url' | 'headers';

/** POST /mcp's answer: the tools come from the server's MCP client once it has connected. */
interface Connected {
  success?: boolean;
  mcp?: { tools?: IMcp['tools'] };
}

/**
 * Adds an MCP server: the name, the transport (only those the app enables), then the command
 * (stdio) or the URL and headers (streamable HTTP). The server is added to the saved list only
 * once POST /mcp says it connected; a refusal (MCP or the transport off, a command not on the
 * app's allowlist, a private address, a connect failure) shows the server's `detail` here.
 */
export function McpAddForm({ transports }: { transports: McpTransport[] }) {
  const client = useContext(ChainlitContext);
  const { sessionId } = useChatSession();
  const { t } = useTranslation();
  const [servers, setServers] = useRecoilState(mcpState);
  const [name, setName] = useState('');
  const [transport, setTransport] = useState<McpTransport>(transports[0]);
  const [command, setCommand] = useState('');
  const [url, setUrl] = useState('');
  const [headersText, setHeadersText] = useState('');
  const [invalid, setInvalid] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [added, setAdded] = useState<string>();
  const id = useId();
  const failureRef = useRef<HTMLParagraphElement>(null);
  // The config may change under an open dialog (chat profile): keep the choice valid.
  const chosen = transports.includes(transport) ? transport : transports[0];

  // The form is at the end of a scrolling dialog: bring the refusal into view (role=alert
  // reads it out; sighted users need to see it too).
  useEffect(() => {
    if (failure) failureRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [failure]);

  const validate = () => {
    const problems: Partial<Record<Field, string>> = {};
    const nameError = nameProblem(name.trim(), servers);
    if (nameError) problems.name = t(nameError.key, nameError.vars);
    if (chosen === 'stdio' && !command.trim()) problems.command = t('chat.mcp.errors.commandRequired');
    if (chosen === 'streamable-http') {
      if (!isHttpUrl(url.trim())) problems.url = t('chat.mcp.errors.urlInvalid');
      const { badLine } = parseHeaders(headersText);
      if (badLine) problems.headers = t('chat.mcp.errors.headerInvalid', { line: badLine });
    }
    return problems;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // The dialog is portalled out of the composer's form, but React still bubbles this
    // submit to it, which would send the chat message.
    event.stopPropagation();
    if (busy) return;
    const problems = validate();
    setInvalid(problems);
    setFailure(undefined);
    setAdded(undefined);
    const first = (['name', 'command', 'url', 'headers'] as Field[]).find((f) => problems[f]);
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    const serverName = name.trim();
    const headers = parseHeaders(headersText).headers;
    setBusy(true);
    try {
      const answer: Connected =
        chosen === 'stdio'
          ? await client.connectStdioMCP(sessionId, serverName, command.trim())
          : await client.connectStreamableHttpMCP(sessionId, serverName, url.trim(), headers);
      if (!answer?.success) throw new Error(t('chat.mcp.errors.unknown'));
      const entry: IMcp = {
        name: serverName,
        clientType: chosen,
        status: 'connected',
        tools: answer.mcp?.tools ?? ([] as unknown as IMcp['tools']),
        ...(chosen === 'stdio' ? { command: command.trim() } : { url: url.trim(), headers })
      };
      setServers((prev) => [...prev.filter((s) => s.name !== serverName), entry]);
      setName('');
      setCommand('');
      setUrl('');
      setHeadersText('');
      setAdded(serverName);
    } catch (err) {
      setFailure(t('chat.mcp.add.failed', { detail: errorMessage(err, t('chat.mcp.errors.unknown')) }));
    } finally {
      setBusy(false);
    }
  };

  /** aria-describedby of a field: its hint, then its error when it has one. */
  const describedBy = (field: Field, hint?: boolean) => [hint && `${id}-${field}-hint`, invalid[field] && `${id}-${field}-error`].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: Field) =>
    invalid[field] && (
      <p id={`${id}-${field}-error`} className="field-error">
        {invalid[field]}
      </p>
    );

  return (
    <form className="mcp-section mcp-add" aria-labelledby={`${id}-title`} onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={`${id}-title`}>{t('chat.mcp.add.title')}</h3>
      <div className="settings-field">
        <label htmlFor={`${id}-name`}>{t('chat.mcp.add.name')}</label>
        <input id={`${id}-name`} type="text" value={name} onChange={(e) => setName(e.target.value)} aria-required="true" aria-invalid={!!invalid.name} aria-describedby={describedBy('name', true)} autoComplete="off" spellCheck={false} />
        <p id={`${id}-name-hint`} className="muted description">
          {t('chat.mcp.add.nameHint')}
        </p>
        {fieldError('name')}
      </div>
      <div className="settings-field">
        <label htmlFor={`${id}-transport`}>{t('chat.mcp.add.transport')}</label>
        <select id={`${id}-transport`} value={chosen} onChange={(e) => setTransport(e.target.value as McpTransport)}>
          {transports.map((tr) => (
            <option key={tr} value={tr}>
              {transportLabel(tr, t)}
            </option>
          ))}
        </select>
      </div>
      {chosen === 'stdio' ? (
        <div className="settings-field">
          <label htmlFor={`${id}-command`}>{t('chat.mcp.add.command')}</label>
          <input id={`${id}-command`} type="text" className="mono" value={command} onChange={(e) => setCommand(e.target.value)} placeholder={t('chat.mcp.add.commandPlaceholder')} aria-required="true" aria-invalid={!!invalid.command} aria-describedby={describedBy('command', true)} autoComplete="off" spellCheck={false} />
          <p id={`${id}-command-hint`} className="muted description">
            {t('chat.mcp.add.commandHint')}
          </p>
          {fieldError('command')}
        </div>
      ) : (
        <>
          <div className="settings-field">
            <label htmlFor={`${id}-url`}>{t('chat.mcp.add.url')}</label>
            <input id={`${id}-url`} type="text" inputMode="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder={t('chat.mcp.add.urlPlaceholder')} aria-required="true" aria-invalid={!!invalid.url} aria-describedby={describedBy('url')} autoComplete="off" spellCheck={false} />
            {fieldError('url')}
          </div>
          <div className="settings-field">
            <label htmlFor={`${id}-headers`}>{t('chat.mcp.add.headers')}</label>
            <textarea id={`${id}-headers`} className="mono" rows={2} value={headersText} onChange={(e) => setHeadersText(e.target.value)} aria-invalid={!!invalid.headers} aria-describedby={describedBy('headers', true)} spellCheck={false} />
            <p id={`${id}-headers-hint`} className="muted description">
              {t('chat.mcp.add.headersHint')}
            </p>
            {fieldError('headers')}
          </div>
        </>
      )}
      {failure && (
        <p ref={failureRef} className="alert error" role="alert" data-testid="mcp-add-error">
          {failure}
        </p>
      )}
      <div className="mcp-add-actions">
        <p role="status" className="muted" data-testid="mcp-add-status">
          {busy && <span className="spinner small" aria-hidden="true" />}
          {busy ? t('chat.mcp.add.connecting') : added ? t('chat.mcp.add.added', { name: added }) : ''}
        </p>
        {/* The label stays "Add server" while connecting (the status says it), so the button
            keeps its accessible name. */}
        <button type="submit" className="button primary" disabled={busy} data-testid="mcp-add-submit">
          {t('chat.mcp.add.submit')}
        </button>
      </div>
    </form>
  );
}
