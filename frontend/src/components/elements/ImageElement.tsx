import type { IImageElement } from '@chainlit/react-client';

export function ImageElement({ element }: { element: IImageElement }) {
  if (!element.url) return null;
  return (
    <a className={`image-element size-${element.size ?? 'medium'}`} href={element.url} target="_blank" rel="noreferrer">
      <img src={element.url} alt={element.name} loading="lazy" />
    </a>
  );
}
