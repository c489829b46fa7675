import { ChainlitContext, useConfig } from '@chainlit/react-client';
import { useContext, useState } from 'react';

import { useThemeMode } from '../../hooks/ThemeProvider';

/** The app logo from /logo?theme=<mode> (or `ui.logo_file_url`), falling back to the name. */
export function Logo({ className = 'logo' }: { className?: string }) {
  const client = useContext(ChainlitContext);
  const { config } = useConfig();
  const { mode } = useThemeMode();
  const [failed, setFailed] = useState(false);
  const name = config?.ui?.name ?? 'Assistant';

  if (failed) return <span className={`${className} logo-text`}>{name}</span>;
  return (
    <img
      className={className}
      src={client.getLogoEndpoint(mode, config?.ui?.logo_file_url)}
      alt={`${name} logo`}
      onError={() => setFailed(true)}
    />
  );
}
