import type { ReactNode } from 'react';

import { useTranslation } from '../../i18n/I18nProvider';
import { CopyButton } from './CopyButton';

interface Props {
  language?: string;
  code: string;
  children: ReactNode;
}

/** A fenced code block: language label, copy button, highlighted code (from rehype-highlight). */
export function CodeBlock({ language, code, children }: Props) {
  const { t } = useTranslation();
  return (
    <div className="code-block">
      <div className="code-block-header">
        <span className="code-language">{language || 'text'}</span>
        <CopyButton text={code} label={t('elements.copyCode')} />
      </div>
      <pre>{children}</pre>
    </div>
  );
}
