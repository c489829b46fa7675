import { memo, useMemo, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import type { PluggableList } from 'unified';

import { useTranslation } from '../../i18n/I18nProvider';
import { CodeBlock } from './CodeBlock';
import { codeLanguage, hastText } from './hastText';
import { normalizeLatexDelimiters } from './latex';
import { loadHighlight, loadKatex, useLazyPlugins } from './useLazyPlugins';

interface Props {
  content: string;
  /** Render $…$ / $$…$$ with KaTeX (`features.latex`). */
  latex?: boolean;
  className?: string;
}

/** A wide table scrolls on its own, reachable from the keyboard. */
function TableRegion({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrapper" tabIndex={0} role="region" aria-label={t('elements.table')}>
      {children}
    </div>
  );
}

const components: Components = {
  pre({ node, children }) {
    return (
      <CodeBlock language={codeLanguage(node as never)} code={hastText(node as never).replace(/\n$/, '')}>
        {children}
      </CodeBlock>
    );
  },
  a({ node: _node, children, href, ...rest }) {
    const external = !!href && /^https?:/i.test(href);
    return (
      <a href={href} {...rest} {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
        {children}
      </a>
    );
  },
  table({ node: _node, children, ...rest }) {
    return (
      <TableRegion>
        <table {...rest}>{children}</table>
      </TableRegion>
    );
  }
};

/**
 * GitHub-flavoured markdown with highlighted code, copy buttons and optional LaTeX. The
 * highlighter and KaTeX are separate chunks, loaded the first time they are needed.
 */
export const Markdown = memo(function Markdown({ content, latex = false, className = 'markdown' }: Props) {
  const hasCode = content.includes('```') || content.includes('~~~');
  const katex = useLazyPlugins(loadKatex, latex);
  const highlight = useLazyPlugins(loadHighlight, hasCode);
  const remarkPlugins = useMemo<PluggableList>(() => (latex ? [remarkGfm, remarkMath] : [remarkGfm]), [latex]);
  const rehypePlugins = useMemo<PluggableList>(() => [...(katex ?? []), ...(highlight ?? [])], [katex, highlight]);
  const source = latex ? normalizeLatexDelimiters(content) : content;

  return (
    <div className={className}>
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {source}
      </ReactMarkdown>
    </div>
  );
});
