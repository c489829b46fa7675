import { useTranslation } from '../../../i18n/I18nProvider';
import type { WidgetProps } from './types';

/** "YYYY-MM-DD" for <input type=date> from whatever date string the server sent. */
export function toDateInputValue(value: unknown): string {
  if (typeof value !== 'string' || !value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

/** A date (mode "single") or a [start, end] pair (mode "range"). */
export function DateWidget({ widget, value, onChange, inputId }: WidgetProps) {
  const { t } = useTranslation();
  const min = toDateInputValue(widget.min_date) || undefined;
  const max = toDateInputValue(widget.max_date) || undefined;
  if (widget.mode === 'range') {
    const [start, end] = Array.isArray(value) ? value : [undefined, undefined];
    return (
      <div className="date-range">
        <input id={inputId} type="date" aria-label={t('settings.startDate')} value={toDateInputValue(start)} min={min} max={max} disabled={widget.disabled} onChange={(e) => onChange([e.target.value || null, end ?? null])} />
        <span aria-hidden="true">–</span>
        <input type="date" aria-label={t('settings.endDate')} value={toDateInputValue(end)} min={min} max={max} disabled={widget.disabled} onChange={(e) => onChange([start ?? null, e.target.value || null])} />
      </div>
    );
  }
  return <input id={inputId} type="date" value={toDateInputValue(value)} min={min} max={max} disabled={widget.disabled} onChange={(e) => onChange(e.target.value || null)} />;
}
