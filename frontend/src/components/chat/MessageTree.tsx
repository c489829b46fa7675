import type { RenderItem } from '../../lib/messageTree';
import { MessageItem } from './MessageItem';
import { StepItem } from './StepItem';

/**
 * Renders the items built by buildRenderItems, recursively for step children. Messages before
 * index `lazyBefore` render their markdown only when scrolled near (see MessageContent).
 */
export function MessageTree({ items, lazyBefore = 0 }: { items: RenderItem[]; lazyBefore?: number }) {
  return (
    <>
      {items.map((item, index) =>
        item.kind === 'message' ? (
          <MessageItem key={item.step.id} step={item.step} scorable={item.scorable} lazy={index < lazyBefore} />
        ) : (
          <StepItem key={item.step.id} step={item.step}>
            {item.children.length > 0 && <MessageTree items={item.children} />}
          </StepItem>
        )
      )}
    </>
  );
}
