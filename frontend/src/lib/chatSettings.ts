import { englishT } from '../i18n/english';

/** Chat settings widgets (spec B.3), as sent by the `chat_settings` event. */
export interface SettingsItem {
  label: string;
  value: string;
}

export interface SettingsWidget {
  type:
    | 'switch'
    | 'checkbox'
    | 'slider'
    | 'select'
    | 'multiselect'
    | 'radio'
    | 'textinput'
    | 'numberinput'
    | 'tags'
    | 'datepicker';
  id: string;
  label?: string;
  initial?: unknown;
  tooltip?: string;
  description?: string;
  disabled?: boolean;
  min?: number;
  max?: number;
  step?: number;
  items?: SettingsItem[];
  placeholder?: string;
  multiline?: boolean;
  mode?: 'single' | 'range';
  min_date?: string;
  max_date?: string;
  format?: string;
}

export interface SettingsTab {
  id: string;
  label: string;
  inputs: SettingsWidget[];
}

export type SettingsValues = Record<string, unknown>;

export function isTab(entry: unknown): entry is SettingsTab {
  return typeof entry === 'object' && entry !== null && Array.isArray((entry as SettingsTab).inputs);
}

/** Groups the payload into tabs; a plain widget list becomes one untitled tab. */
/** `generalLabel` names the tab of widgets sent outside any tab. */
export function toTabs(inputs: unknown, generalLabel = englishT('settings.general')): SettingsTab[] {
  if (!Array.isArray(inputs) || inputs.length === 0) return [];
  if (inputs.every(isTab)) return inputs;
  const loose = inputs.filter((entry): entry is SettingsWidget => !isTab(entry));
  const tabs = inputs.filter(isTab);
  return [{ id: '__general', label: generalLabel, inputs: loose }, ...tabs];
}

export function allWidgets(inputs: unknown): SettingsWidget[] {
  return toTabs(inputs).flatMap((tab) => tab.inputs);
}

/** Initial values of every widget, tabs included (0.3.0 only reads top-level widgets). */
export function defaultValues(inputs: unknown): SettingsValues {
  const values: SettingsValues = {};
  for (const widget of allWidgets(inputs)) values[widget.id] = widget.initial;
  return values;
}

/** Values to edit: the session's current values over the defaults. */
export function mergeValues(inputs: unknown, current: unknown): SettingsValues {
  const base = defaultValues(inputs);
  if (current && typeof current === 'object') {
    for (const [key, value] of Object.entries(current as SettingsValues)) {
      if (key in base && value !== undefined) base[key] = value;
    }
  }
  return base;
}
