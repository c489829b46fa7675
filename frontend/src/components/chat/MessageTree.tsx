import type { RenderItem } from '../../lib/messageTree';
import { MessageItem } from './MessageItem';
import { StepItem } from './StepItem';

/** Renders the items built by buildRenderItems, recursively for step children. */
export function MessageTree({ items }: { items: RenderItem[] }) {
  return (
    <>
      {items.map((item) =>
        item.kind === 'message' ? (
          <MessageItem key={item.step.id} step={item.step} scorable={item.scorable} />
        ) : (
          <StepItem key={item.step.id} step={item.step}>
            {item.children.length > 0 && <MessageTree items={item.children} />}
          </StepItem>
        )
      )}
    </>
  );
}
