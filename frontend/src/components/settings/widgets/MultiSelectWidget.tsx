import type { WidgetProps } from './types';

export function MultiSelectWidget({ widget, value, onChange, inputId }: WidgetProps) {
  const selected = Array.isArray(value) ? (value as string[]) : [];
  const toggle = (item: string, on: boolean) => onChange(on ? [...selected, item] : selected.filter((v) => v !== item));
  return (
    <div className="choice-list" id={inputId} role="group">
      {(widget.items ?? []).map((item) => (
        <label key={item.value} className="choice">
          <input type="checkbox" checked={selected.includes(item.value)} disabled={widget.disabled} onChange={(e) => toggle(item.value, e.target.checked)} />
          {item.label}
        </label>
      ))}
    </div>
  );
}
