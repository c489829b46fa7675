import { useBuildStatus } from '../../hooks/useBuildStatus';
import { useTranslation } from '../../i18n/I18nProvider';

/**
 * Watch mode: while the last rebuild failed, says so above the chat, with the compiler's
 * error. The error is rendered as a text node (never HTML or markdown): it comes from the
 * network and from source code, and `<b>` in a template error must read as `<b>`.
 */
export function BuildStatusBanner() {
  const failure = useBuildStatus();
  const { t } = useTranslation();
  if (!failure) return null;
  return (
    <div className="build-status-banner" role="alert" data-testid="build-status-banner">
      <div className="build-status-title">
        <strong>{t('devWatch.buildFailed.title')}</strong>
        {failure.target && <span className="build-status-target">{t('devWatch.buildFailed.target', { target: failure.target })}</span>}
      </div>
      <pre className="build-status-error" data-testid="build-status-error">
        {failure.error ?? t('devWatch.buildFailed.unknownError')}
      </pre>
    </div>
  );
}
