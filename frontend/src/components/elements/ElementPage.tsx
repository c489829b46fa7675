import { ChainlitContext, useChatData, useChatSession, type IMessageElement } from '@chainlit/react-client';
import { ArrowLeft } from 'lucide-react';
import { useContext, useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';

import { useTranslation } from '../../i18n/I18nProvider';
import { ElementView } from './ElementView';

/** `/element/:id`: an element shown full page (display "page"); from memory or the data layer. */
export function ElementPage() {
  const { elementId } = useParams();
  const [params] = useSearchParams();
  const threadId = params.get('thread');
  const navigate = useNavigate();
  const client = useContext(ChainlitContext);
  const { t } = useTranslation();
  const { sessionId } = useChatSession();
  const { elements } = useChatData();
  const inMemory = elements.find((e) => e.id === elementId);
  const [loaded, setLoaded] = useState<IMessageElement>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (inMemory || !threadId || !elementId) return;
    client
      .get(`/project/thread/${encodeURIComponent(threadId)}/element/${encodeURIComponent(elementId)}`)
      .then((res) => res.json())
      .then((element: IMessageElement) => {
        if (!element.url && element.chainlitKey) element.url = client.getElementUrl(element.chainlitKey, sessionId);
        setLoaded(element);
      })
      .catch(() => setError(t('elements.notFound')));
  }, [inMemory, threadId, elementId, client, sessionId, t]);

  const element = inMemory ?? loaded;
  return (
    <div className="element-page">
      <button type="button" className="button ghost" onClick={() => navigate(-1)}>
        <ArrowLeft size={16} aria-hidden="true" /> {t('common.back')}
      </button>
      {element ? (
        <>
          <h1>{element.name}</h1>
          <ElementView element={element} />
        </>
      ) : (
        <p className="muted">{error ?? (threadId ? t('common.loadingEllipsis') : t('elements.gone'))}</p>
      )}
    </div>
  );
}
