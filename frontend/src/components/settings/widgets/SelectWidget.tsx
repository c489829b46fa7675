import { useTranslation } from '../../../i18n/I18nProvider';
import type { WidgetProps } from './types';

export function SelectWidget({ widget, value, onChange, inputId }: WidgetProps) {
  const { t } = useTranslation();
  return (
    <select id={inputId} value={value === undefined || value === null ? '' : String(value)} disabled={widget.disabled} onChange={(e) => onChange(e.target.value)}>
      {value === undefined || value === null ? <option value="">{t('settings.choose')}</option> : null}
      {(widget.items ?? []).map((item) => (
        <option key={item.value} value={item.value}>
          {item.label}
        </option>
      ))}
    </select>
  );
}
