import type { RenderItem } from '../../lib/messageTree';
import { MessageItem } from './MessageItem';
import { StepItem } from './StepItem';

/** From this many top-level items on, the list is laid out in chunks (see MessageTree). */
const CHUNK_FROM = 200;
const CHUNK_SIZE = 50;

interface Props {
  items: RenderItem[];
  lazyBefore?: number;
}

/**
 * Renders the items built by buildRenderItems, recursively for step children. Messages before
 * index `lazyBefore` render their markdown only when scrolled near (see MessageContent). A long
 * list is split into chunks of 50 that are laid out on their own (`contain: layout`), so a
 * message that changes height while scrolling (its markdown rendered at last) relays out its
 * chunk and 20 chunks, not a flex column of 1,000 messages.
 */
export function MessageTree({ items, lazyBefore = 0 }: Props) {
  if (items.length < CHUNK_FROM) return <MessageItems items={items} lazyBefore={lazyBefore} />;
  const chunks: RenderItem[][] = [];
  for (let i = 0; i < items.length; i += CHUNK_SIZE) chunks.push(items.slice(i, i + CHUNK_SIZE));
  return (
    <>
      {chunks.map((chunk, c) => (
        // Items are appended at the end, so a chunk keeps its index.
        // eslint-disable-next-line react/no-array-index-key
        <div key={c} className="message-chunk">
          <MessageItems items={chunk} lazyBefore={lazyBefore - c * CHUNK_SIZE} />
        </div>
      ))}
    </>
  );
}

function MessageItems({ items, lazyBefore = 0 }: Props) {
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
