import type { IMessageElement } from '@chainlit/react-client';
import { FileDown } from 'lucide-react';

import { useTranslation } from '../../i18n/I18nProvider';

export function FileElement({ element }: { element: IMessageElement }) {
  const { t } = useTranslation();
  if (!element.url) return <span className="file-element disabled">{element.name}</span>;
  return (
    <a className="file-element" href={element.url} download={element.name} aria-label={t('elements.download', { name: element.name })}>
      <FileDown size={18} aria-hidden="true" />
      <span>{element.name}</span>
    </a>
  );
}
