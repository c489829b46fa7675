import type { IStep } from '@chainlit/react-client';

import { ElementRefs } from '../elements/ElementRefs';
import { InlineElements } from '../elements/InlineElements';
import { Markdown } from '../markdown/Markdown';
import { StreamingMarkdown } from '../markdown/StreamingMarkdown';
import { useChatContext } from './ChatContext';

/**
 * A message's text and its elements. While streaming, the text is rendered block by block so
 * each update re-parses only the last paragraph (tokens arrive batched per animation frame, see
 * useBatchedStreamTokens); the complete message is rendered whole.
 */
export function MessageContent({ step, markdown = true }: { step: IStep; markdown?: boolean }) {
  const { elements, latex, onOpenElement } = useChatContext();
  const output = step.output ?? '';
  const own = elements.filter((e) => e.forId === step.id);
  const inline = own.filter((e) => (e.display ?? 'inline') === 'inline');
  const referenced = own.filter((e) => e.display === 'side' || e.display === 'page');
  const text = step.language && output ? `\`\`\`${step.language}\n${output}\n\`\`\`` : output;

  return (
    <>
      {text &&
        (markdown ? (
          step.streaming ? (
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
