import type { IMessageElement } from '@chainlit/react-client';
import { lazy, Suspense } from 'react';

import { AudioElement } from './AudioElement';
import { DataframeElement } from './DataframeElement';
import { ElementStatus } from './ElementStatus';
import { FileElement } from './FileElement';
import { ImageElement } from './ImageElement';
import { PdfElement } from './PdfElement';
import { TextElement } from './TextElement';
import { VideoElement } from './VideoElement';

const PlotlyElement = lazy(() => import('./PlotlyElement'));
const CustomElement = lazy(() => import('./CustomElement'));

/** Renders any message element by type. Heavy renderers (plotly, custom) are code-split. */
export function ElementView({ element }: { element: IMessageElement }) {
  switch (element.type) {
    case 'image':
      return <ImageElement element={element} />;
    case 'text':
      return <TextElement element={element} />;
    case 'pdf':
      return <PdfElement element={element} />;
    case 'audio':
      return <AudioElement element={element} />;
    case 'video':
      return <VideoElement element={element} />;
    case 'file':
      return <FileElement element={element} />;
    case 'dataframe':
      return <DataframeElement element={element} />;
    case 'plotly':
      return (
        <Suspense fallback={<ElementStatus name={element.name} loading />}>
          <PlotlyElement element={element} />
        </Suspense>
      );
    case 'custom':
      return (
        <Suspense fallback={<ElementStatus name={element.name} loading />}>
          <CustomElement element={element} />
        </Suspense>
      );
    default:
      return <FileElement element={element} />;
  }
}
