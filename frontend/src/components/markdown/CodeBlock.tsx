import type { ReactNode } from 'react';

import { CopyButton } from './CopyButton';

interface Props {
  language?: string;
  code: string;
  children: ReactNode;
}

/** A fenced code block: language label, copy button, highlighted code (from rehype-highlight). */
export function CodeBlock({ language, code, children }: Props) {
  return (
    <div className="code-block">
      <div className="code-block-header">
        <span className="code-language">{language || 'text'}</span>
        <CopyButton text={code} label="Copy code" />
      </div>
      <pre>{children}</pre>
    </div>
  );
}
