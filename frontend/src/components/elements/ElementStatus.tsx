import { useTranslation } from '../../i18n/I18nProvider';

export function ElementStatus({ name, loading, error }: { name: string; loading: boolean; error?: string }) {
  const { t } = useTranslation();
  if (loading) {
    return (
      <div className="element-status" role="status">
        <span className="spinner small" aria-hidden="true" /> {t('elements.loading', { name })}
      </div>
    );
  }
  return (
    <div className="element-status error" role="alert">
      {t('elements.loadFailed', { name })}
      {error ? `: ${error}` : ''}
    </div>
  );
}
