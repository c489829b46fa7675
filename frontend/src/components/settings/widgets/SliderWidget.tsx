import type { WidgetProps } from './types';

export function SliderWidget({ widget, value, onChange, inputId }: WidgetProps) {
  const numeric = typeof value === 'number' ? value : Number(value ?? widget.min ?? 0);
  return (
    <div className="slider-row">
      <input
        id={inputId}
        type="range"
        min={widget.min ?? 0}
        max={widget.max ?? 10}
        step={widget.step ?? 1}
        value={numeric}
        disabled={widget.disabled}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      <output htmlFor={inputId}>{numeric}</output>
    </div>
  );
}
