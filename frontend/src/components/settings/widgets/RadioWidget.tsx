import type { WidgetProps } from './types';

export function RadioWidget({ widget, value, onChange, inputId }: WidgetProps) {
  return (
    <div className="choice-list" id={inputId} role="radiogroup">
      {(widget.items ?? []).map((item) => (
        <label key={item.value} className="choice">
          <input
            type="radio"
            name={inputId}
            value={item.value}
            checked={value === item.value}
            disabled={widget.disabled}
            onChange={() => onChange(item.value)}
          />
          {item.label}
        </label>
      ))}
    </div>
  );
}
