import type { IStep } from '@chainlit/react-client';
import { useDeferredValue } from 'react';

import { ElementRefs } from '../elements/ElementRefs';
import { InlineElements } from '../elements/InlineElements';
import { Markdown } from '../markdown/Markdown';
import { useChatContext } from './ChatContext';

/**
 * A message's text and its elements. While streaming, markdown rendering is deferred so a fast
 * token stream never blocks input: React renders the latest text when it has time.
 */
export function MessageContent({ step, markdown = true }: { step: IStep; markdown?: boolean }) {
  const { elements, latex, onOpenElement } = useChatContext();
  const deferredOutput = useDeferredValue(step.output ?? '');
  const output = step.streaming ? deferredOutput : (step.output ?? '');
  const own = elements.filter((e) => e.forId === step.id);
  const inline = own.filter((e) => (e.display ?? 'inline') === 'inline');
  const referenced = own.filter((e) => e.display === 'side' || e.display === 'page');
  const text = step.language && output ? `\`\`\`${step.language}\n${output}\n\`\`\`` : output;

  return (
    <>
      {text &&
        (markdown ? (
          <Markdown content={text} latex={latex} className={`markdown${step.isError ? ' error-text' : ''}`} />
        ) : (
          <p className="plain-text">{text}</p>
        ))}
      {step.streaming && <span className="stream-cursor" aria-hidden="true" />}
      <InlineElements elements={inline} />
      <ElementRefs elements={referenced} onOpen={onOpenElement} />
    </>
  );
}
