import { useId, type ComponentType } from 'react';

import type { SettingsWidget } from '../../lib/chatSettings';
import { DateWidget } from './widgets/DateWidget';
import { MultiSelectWidget } from './widgets/MultiSelectWidget';
import { NumberWidget } from './widgets/NumberWidget';
import { RadioWidget } from './widgets/RadioWidget';
import { SelectWidget } from './widgets/SelectWidget';
import { SliderWidget } from './widgets/SliderWidget';
import { SwitchWidget } from './widgets/SwitchWidget';
import { TagsWidget } from './widgets/TagsWidget';
import { TextWidget } from './widgets/TextWidget';
import type { WidgetProps } from './widgets/types';

const WIDGETS: Record<SettingsWidget['type'], ComponentType<WidgetProps>> = {
  switch: SwitchWidget,
  checkbox: SwitchWidget,
  slider: SliderWidget,
  select: SelectWidget,
  multiselect: MultiSelectWidget,
  radio: RadioWidget,
  textinput: TextWidget,
  numberinput: NumberWidget,
  tags: TagsWidget,
  datepicker: DateWidget
};

interface Props {
  widget: SettingsWidget;
  value: unknown;
  onChange: (id: string, value: unknown) => void;
}

/** One chat setting: label, the control for its type, description. */
export function SettingsField({ widget, value, onChange }: Props) {
  const inputId = useId();
  const descriptionId = useId();
  const Widget = WIDGETS[widget.type];
  if (!Widget) return null;
  const inline = widget.type === 'switch' || widget.type === 'checkbox';
  return (
    <div className={`settings-field type-${widget.type}${inline ? ' inline' : ''}`} title={widget.tooltip} data-setting-id={widget.id} aria-describedby={widget.description ? descriptionId : undefined}>
      <label htmlFor={inputId}>{widget.label ?? widget.id}</label>
      <Widget widget={widget} value={value} inputId={inputId} onChange={(v) => onChange(widget.id, v)} />
      {widget.description && (
        <p id={descriptionId} className="muted description">
          {widget.description}
        </p>
      )}
    </div>
  );
}
