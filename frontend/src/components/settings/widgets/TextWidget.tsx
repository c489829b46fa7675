import type { WidgetProps } from './types';

export function TextWidget({ widget, value, onChange, inputId }: WidgetProps) {
  const text = value === undefined || value === null ? '' : String(value);
  if (widget.multiline) {
    return <textarea id={inputId} rows={4} value={text} placeholder={widget.placeholder} disabled={widget.disabled} onChange={(e) => onChange(e.target.value)} />;
  }
  return <input id={inputId} type="text" value={text} placeholder={widget.placeholder} disabled={widget.disabled} onChange={(e) => onChange(e.target.value)} />;
}
