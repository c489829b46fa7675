import type { IMessageElement } from '@chainlit/react-client';

import { ElementView } from './ElementView';

/** The inline elements of one message, images grouped in a grid. */
export function InlineElements({ elements }: { elements: IMessageElement[] }) {
  if (elements.length === 0) return null;
  const images = elements.filter((e) => e.type === 'image');
  const others = elements.filter((e) => e.type !== 'image');
  return (
    <div className="inline-elements">
      {images.length > 0 && (
        <div className="image-grid">
          {images.map((element) => (
            <ElementView key={element.id} element={element} />
          ))}
        </div>
      )}
      {others.map((element) => (
        <div key={element.id} className={`inline-element type-${element.type}`}>
          <ElementView element={element} />
        </div>
      ))}
    </div>
  );
}
