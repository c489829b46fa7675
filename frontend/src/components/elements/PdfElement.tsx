import type { IPdfElement } from '@chainlit/react-client';

export function PdfElement({ element }: { element: IPdfElement }) {
  if (!element.url) return null;
  const src = element.page ? `${element.url}#page=${element.page}` : element.url;
  return (
    <div className="pdf-element">
      <iframe src={src} title={element.name} loading="lazy" />
      <a href={element.url} target="_blank" rel="noreferrer">
        Open {element.name}
      </a>
    </div>
  );
}
