import type { ITextElement } from '@chainlit/react-client';

import { useFetched } from '../../hooks/useFetched';
import { Markdown } from '../markdown/Markdown';
import { ElementStatus } from './ElementStatus';

export function TextElement({ element }: { element: ITextElement }) {
  const { data, error, loading } = useFetched<string>(element.url, 'text');
  if (loading || error || data === undefined) return <ElementStatus name={element.name} loading={loading} error={error} />;
  const content = element.language ? `\`\`\`${element.language}\n${data}\n\`\`\`` : data;
  return (
    <section className="text-element" aria-label={element.name}>
      <Markdown content={content} />
    </section>
  );
}
