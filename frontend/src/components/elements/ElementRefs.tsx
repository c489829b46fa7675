import type { IMessageElement } from '@chainlit/react-client';
import { ExternalLink, PanelRight } from 'lucide-react';

import { useTranslation } from '../../i18n/I18nProvider';

/** Side and page elements of a message: buttons that open the side panel or the element page. */
export function ElementRefs({ elements, onOpen }: { elements: IMessageElement[]; onOpen: (e: IMessageElement) => void }) {
  const { t } = useTranslation();
  if (elements.length === 0) return null;
  return (
    <div className="element-refs" role="group" aria-label={t('chat.message.attachedElements')}>
      {elements.map((element) => (
        <button key={element.id} type="button" className="chip" onClick={() => onOpen(element)} data-testid="element-ref">
          {element.display === 'page' ? <ExternalLink size={14} aria-hidden="true" /> : <PanelRight size={14} aria-hidden="true" />}
          {element.name}
        </button>
      ))}
    </div>
  );
}
