import type { WidgetProps } from './types';

export function SelectWidget({ widget, value, onChange, inputId }: WidgetProps) {
  return (
    <select id={inputId} value={value === undefined || value === null ? '' : String(value)} disabled={widget.disabled} onChange={(e) => onChange(e.target.value)}>
      {value === undefined || value === null ? <option value="">Choose…</option> : null}
      {(widget.items ?? []).map((item) => (
        <option key={item.value} value={item.value}>
          {item.label}
        </option>
      ))}
    </select>
  );
}
