import { ChainlitContext, useConfig } from '@chainlit/react-client';
import { useContext, useState } from 'react';

import { useThemeMode } from '../../hooks/ThemeProvider';
import { useTranslation } from '../../i18n/I18nProvider';

/** The app logo from /logo?theme=<mode> (or `ui.logo_file_url`), falling back to the name. */
export function Logo({ className = 'logo' }: { className?: string }) {
  const client = useContext(ChainlitContext);
  const { config } = useConfig();
  const { t } = useTranslation();
  const { mode } = useThemeMode();
  const [failed, setFailed] = useState(false);
  const name = config?.ui?.name ?? t('common.assistant');

  if (failed) return <span className={`${className} logo-text`}>{name}</span>;
  return (
    <img
      className={className}
      src={client.getLogoEndpoint(mode, config?.ui?.logo_file_url)}
      alt={t('header.logo', { name })}
      onError={() => setFailed(true)}
    />
  );
}
