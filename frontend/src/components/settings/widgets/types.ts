import type { SettingsWidget } from '../../../lib/chatSettings';

export interface WidgetProps {
  widget: SettingsWidget;
  value: unknown;
  onChange: (value: unknown) => void;
  /** The id of the control, for the field's <label htmlFor>. */
  inputId: string;
}
