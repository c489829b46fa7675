import type { IPlotlyElement } from '@chainlit/react-client';
import { useEffect, useRef, useState } from 'react';

import { useThemeMode } from '../../hooks/ThemeProvider';
import { useFetched } from '../../hooks/useFetched';
import { ElementStatus } from './ElementStatus';

interface PlotlyFigure {
  data?: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** Plotly figure JSON rendered by plotly.js-dist-min, which is only loaded when needed. */
export default function PlotlyElement({ element }: { element: IPlotlyElement }) {
  const { data: figure, error, loading } = useFetched<PlotlyFigure>(element.url, 'json');
  const container = useRef<HTMLDivElement>(null);
  const { mode } = useThemeMode();
  const [renderError, setRenderError] = useState<string>();

  useEffect(() => {
    const target = container.current;
    if (!figure || !target) return;
    let disposed = false;
    let plotly: { purge: (el: HTMLElement) => void } | undefined;
    import('plotly.js-dist-min')
      .then((module) => {
        if (disposed) return;
        const Plotly = (module as unknown as { default: typeof import('plotly.js-dist-min') }).default ?? module;
        plotly = Plotly;
        const fontColor = mode === 'dark' ? '#e5e7eb' : '#111827';
        const layout = {
          autosize: true,
          paper_bgcolor: 'rgba(0,0,0,0)',
          plot_bgcolor: 'rgba(0,0,0,0)',
          font: { color: fontColor },
          ...(figure.layout ?? {})
        };
        return Plotly.react(target, (figure.data ?? []) as never, layout as never, {
          responsive: true,
          displaylogo: false,
          ...(figure.config ?? {})
        });
      })
      .catch((err: unknown) => setRenderError(err instanceof Error ? err.message : String(err)));
    return () => {
      disposed = true;
      plotly?.purge(target);
    };
  }, [figure, mode]);

  if (loading || error || !figure) return <ElementStatus name={element.name} loading={loading} error={error} />;
  if (renderError) return <ElementStatus name={element.name} loading={false} error={renderError} />;
  return <div ref={container} className="plotly-element" role="img" aria-label={element.name} />;
}
