import { memo, useMemo } from 'react';

import { splitMarkdownBlocks } from '../../lib/markdownBlocks';
import { Markdown } from './Markdown';

interface Props {
  content: string;
  latex?: boolean;
  className?: string;
}

/**
 * Markdown that is still growing: rendered block by block (lib/markdownBlocks), each block
 * memoized, so a token re-parses only the last block instead of the whole message. Once the
 * message is complete, MessageContent renders it whole with <Markdown>.
 */
export const StreamingMarkdown = memo(function StreamingMarkdown({ content, latex = false, className = 'markdown' }: Props) {
  const blocks = useMemo(() => splitMarkdownBlocks(content), [content]);
  return (
    <div className={`${className} streaming`}>
      {blocks.map((block, i) => (
        // Blocks only grow at the end, so the index is a stable key.
        // eslint-disable-next-line react/no-array-index-key
        <Markdown key={i} content={block} latex={latex} className="markdown-block" />
      ))}
    </div>
  );
});
