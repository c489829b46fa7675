import { useState } from 'react';

import { useTranslation } from '../../i18n/I18nProvider';
import type { SettingsTab, SettingsValues } from '../../lib/chatSettings';
import { SettingsField } from './SettingsField';

interface Props {
  tabs: SettingsTab[];
  values: SettingsValues;
  onChange: (id: string, value: unknown) => void;
}

/** The settings widgets, in tabs when the server sent tabs. */
export function SettingsForm({ tabs, values, onChange }: Props) {
  const { t } = useTranslation();
  const [active, setActive] = useState(tabs[0]?.id);
  const current = tabs.find((t) => t.id === active) ?? tabs[0];
  if (!current) return <p className="muted">{t('settings.none')}</p>;
  return (
    <div className="settings-form">
      {tabs.length > 1 && (
        <div className="tabs" role="tablist" aria-label={t('settings.sections')}>
          {tabs.map((tab) => (
            <button
              key={tab.id}
              type="button"
              role="tab"
              id={`settings-tab-${tab.id}`}
              aria-selected={tab.id === current.id}
              aria-controls={`settings-panel-${tab.id}`}
              className={`tab${tab.id === current.id ? ' active' : ''}`}
              onClick={() => setActive(tab.id)}
            >
              {tab.label}
            </button>
          ))}
        </div>
      )}
      <div role={tabs.length > 1 ? 'tabpanel' : undefined} id={`settings-panel-${current.id}`} aria-labelledby={tabs.length > 1 ? `settings-tab-${current.id}` : undefined}>
        {current.inputs.map((widget) => (
          <SettingsField key={widget.id} widget={widget} value={values[widget.id]} onChange={onChange} />
        ))}
      </div>
    </div>
  );
}
