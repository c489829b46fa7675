import type { IAudioElement } from '@chainlit/react-client';

export function AudioElement({ element }: { element: IAudioElement }) {
  if (!element.url) return null;
  return (
    <figure className="media-element">
      <figcaption>{element.name}</figcaption>
      <audio controls src={element.url} autoPlay={element.autoPlay} aria-label={element.name} />
    </figure>
  );
}
