import { ChainlitContext, useAuth, useChatInteract, useChatSession, type ICustomElement } from '@chainlit/react-client';
import { useContext, useEffect, useMemo, useState, type ComponentType } from 'react';
import { v4 as uuidv4 } from 'uuid';

import { useTranslation } from '../../i18n/I18nProvider';
import { withRootPath } from '../../lib/rootPath';
import { ErrorBoundary } from '../common/ErrorBoundary';
import { ElementStatus } from './ElementStatus';
import { compileCustomElement, instantiateCustomElement } from './customElementRuntime';

/** A custom element: public/elements/<name>.jsx, compiled in the browser, given `props`. */
export default function CustomElement({ element }: { element: ICustomElement }) {
  const client = useContext(ChainlitContext);
  const { t } = useTranslation();
  const { sessionId } = useChatSession();
  const { sendMessage } = useChatInteract();
  const { user } = useAuth();
  const [code, setCode] = useState<string>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    const url = withRootPath(`/public/elements/${encodeURIComponent(element.name)}.jsx`);
    fetch(url, { credentials: 'include' })
      .then((res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.text();
      })
      .then((source) => compileCustomElement(source, url))
      .then((compiledCode) => !cancelled && setCode(compiledCode))
      .catch((err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      cancelled = true;
    };
  }, [element.name]);

  const instance = useMemo<{ component?: ComponentType; error?: string }>(() => {
    if (!code) return {};
    try {
      const component = instantiateCustomElement(code, {
        props: element.props ?? {},
        updateElement: (nextProps) => client.updateElement({ ...element, props: nextProps }, sessionId),
        deleteElement: () => client.deleteElement(element, sessionId),
        callAction: ({ name, payload }) =>
          client.callAction(
            { name, payload: payload ?? {}, id: uuidv4(), forId: element.forId, label: name, tooltip: '', onClick: () => undefined },
            sessionId
          ),
        sendUserMessage: (text) =>
          sendMessage({ threadId: '', name: user?.identifier || t('common.user'), type: 'user_message', output: text, metadata: { location: window.location.href } })
      });
      return { component };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }, [code, element, client, sessionId, sendMessage, user, t]);

  const Component = instance.component;
  const failure = error ?? instance.error;
  if (failure) return <ElementStatus name={element.name} loading={false} error={failure} />;
  if (!Component) return <ElementStatus name={element.name} loading />;
  return (
    <div className="custom-element" data-element-name={element.name}>
      <ErrorBoundary fallback={(e) => <ElementStatus name={element.name} loading={false} error={e.message} />}>
        <Component />
      </ErrorBoundary>
    </div>
  );
}
