import type { RenderItem } from '../../lib/messageTree';
import { MessageItem } from './MessageItem';
import { StepItem } from './StepItem';

interface Props {
  items: RenderItem[];
  lazyBefore?: number;
}

/**
 * Renders the items built by buildRenderItems, recursively for step children. Messages before
 * index `lazyBefore` render their markdown only when scrolled near (see MessageContent). Long
 * top-level lists are virtualised by MessageList instead.
 */
export function MessageTree({ items, lazyBefore = 0 }: Props) {
  return <MessageItems items={items} lazyBefore={lazyBefore} />;
}

function MessageItems({ items, lazyBefore = 0 }: Props) {
  return (
    <>
      {items.map((item, index) => (
        <RenderItemView key={item.step.id} item={item} lazy={index < lazyBefore} />
      ))}
    </>
  );
}

/** One top-level item: a message, or a step with its children. */
export function RenderItemView({ item, lazy = false }: { item: RenderItem; lazy?: boolean }) {
  return item.kind === 'message' ? (
    <MessageItem step={item.step} scorable={item.scorable} lazy={lazy} />
  ) : (
    <StepItem step={item.step}>{item.children.length > 0 && <MessageTree items={item.children} />}</StepItem>
  );
}
