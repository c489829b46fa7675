import type { WidgetProps } from './types';

export function SwitchWidget({ widget, value, onChange, inputId }: WidgetProps) {
  return (
    <input
      id={inputId}
      type="checkbox"
      role={widget.type === 'switch' ? 'switch' : undefined}
      className={widget.type === 'switch' ? 'switch' : undefined}
      checked={!!value}
      disabled={widget.disabled}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}
