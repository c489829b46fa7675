import type { IDataframeElement } from '@chainlit/react-client';

import { useFetched } from '../../hooks/useFetched';
import { ElementStatus } from './ElementStatus';

interface SplitFrame {
  columns: unknown[];
  index?: unknown[];
  data: unknown[][];
}

/** pandas "split" orientation JSON, shown as a table. */
export function DataframeElement({ element }: { element: IDataframeElement }) {
  const { data, error, loading } = useFetched<SplitFrame>(element.url, 'json');
  if (loading || error || !data) return <ElementStatus name={element.name} loading={loading} error={error} />;
  return (
    <div className="table-wrapper dataframe" tabIndex={0} role="region" aria-label={element.name}>
      <table>
        <thead>
          <tr>
            {data.columns.map((column, i) => (
              <th key={i} scope="col">
                {String(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.data.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                <td key={c}>{cell === null ? '' : String(cell)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
