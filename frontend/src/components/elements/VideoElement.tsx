import type { IVideoElement } from '@chainlit/react-client';

export function VideoElement({ element }: { element: IVideoElement }) {
  if (!element.url) return null;
  return (
    <figure className={`media-element video size-${element.size ?? 'medium'}`}>
      <video controls src={element.url} aria-label={element.name} preload="metadata" />
      <figcaption>{element.name}</figcaption>
    </figure>
  );
}
