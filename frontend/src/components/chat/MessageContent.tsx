import type { IStep } from '@chainlit/react-client';

import { useShownWhenNear } from '../../hooks/useNearViewport';
import { ElementRefs } from '../elements/ElementRefs';
import { InlineElements } from '../elements/InlineElements';
import { Markdown } from '../markdown/Markdown';
import { StreamingMarkdown } from '../markdown/StreamingMarkdown';
import { useChatContext } from './ChatContext';

/**
 * A message's text and its elements. While streaming, the text is rendered block by block so
 * each update re-parses only the last paragraph (tokens arrive batched per animation frame, see
 * useBatchedStreamTokens); the complete message is rendered whole. A `lazy` message (an old one
 * in a long thread) shows its raw text until it comes near the visible part of the list, so
 * opening a thread of 1,000 messages does not parse 1,000 markdown documents at once.
 */
export function MessageContent({ step, markdown = true, lazy = false }: { step: IStep; markdown?: boolean; lazy?: boolean }) {
  const { elements, latex, onOpenElement } = useChatContext();
  const { ref, shown } = useShownWhenNear<HTMLDivElement>(lazy && markdown && !step.streaming);
  const output = step.output ?? '';
  const own = elements.filter((e) => e.forId === step.id);
  const inline = own.filter((e) => (e.display ?? 'inline') === 'inline');
  const referenced = own.filter((e) => e.display === 'side' || e.display === 'page');
  const text = step.language && output ? `\`\`\`${step.language}\n${output}\n\`\`\`` : output;

  return (
    <>
      {text &&
        (markdown ? (
          !shown ? (
            <div ref={ref} className="markdown pending">
              {text}
            </div>
          ) : step.streaming ? (
            <StreamingMarkdown content={text} latex={latex} className={`markdown${step.isError ? ' error-text' : ''}`} />
          ) : (
            <Markdown content={text} latex={latex} className={`markdown${step.isError ? ' error-text' : ''}`} />
          )
        ) : (
          <p className="plain-text">{text}</p>
        ))}
      {step.streaming && <span className="stream-cursor" aria-hidden="true" />}
      <InlineElements elements={inline} />
      <ElementRefs elements={referenced} onOpen={onOpenElement} />
    </>
  );
}
