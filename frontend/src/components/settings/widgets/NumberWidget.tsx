import type { WidgetProps } from './types';

export function NumberWidget({ widget, value, onChange, inputId }: WidgetProps) {
  return (
    <input
      id={inputId}
      type="number"
      value={value === undefined || value === null ? '' : String(value)}
      placeholder={widget.placeholder}
      min={widget.min}
      max={widget.max}
      step={widget.step ?? 'any'}
      disabled={widget.disabled}
      onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
    />
  );
}
