import type { IPdfElement } from '@chainlit/react-client';

import { useTranslation } from '../../i18n/I18nProvider';

export function PdfElement({ element }: { element: IPdfElement }) {
  const { t } = useTranslation();
  if (!element.url) return null;
  const src = element.page ? `${element.url}#page=${element.page}` : element.url;
  return (
    <div className="pdf-element">
      <iframe src={src} title={element.name} loading="lazy" />
      <a href={element.url} target="_blank" rel="noreferrer">
        {t('elements.open', { name: element.name })}
      </a>
    </div>
  );
}
