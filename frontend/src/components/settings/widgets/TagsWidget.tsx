import { X } from 'lucide-react';
import { useState } from 'react';

import { useTranslation } from '../../../i18n/I18nProvider';
import type { WidgetProps } from './types';

/** A list of free-text tags: Enter or comma adds one, Backspace on empty removes the last. */
export function TagsWidget({ widget, value, onChange, inputId }: WidgetProps) {
  const { t } = useTranslation();
  const tags = Array.isArray(value) ? (value as string[]) : [];
  const [draft, setDraft] = useState('');
  const add = () => {
    const tag = draft.trim();
    if (tag && !tags.includes(tag)) onChange([...tags, tag]);
    setDraft('');
  };
  return (
    <div className="tags-input">
      <ul className="tags" aria-label={t('settings.tags')}>
        {tags.map((tag) => (
          <li key={tag} className="chip">
            {tag}
            <button type="button" className="icon-button tiny" aria-label={t('settings.removeTag', { tag })} disabled={widget.disabled} onClick={() => onChange(tags.filter((t) => t !== tag))}>
              <X size={12} aria-hidden="true" />
            </button>
          </li>
        ))}
      </ul>
      <input
        id={inputId}
        type="text"
        value={draft}
        placeholder={widget.placeholder ?? t('settings.addTag')}
        disabled={widget.disabled}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={add}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add();
          } else if (e.key === 'Backspace' && !draft && tags.length) {
            onChange(tags.slice(0, -1));
          }
        }}
      />
    </div>
  );
}
