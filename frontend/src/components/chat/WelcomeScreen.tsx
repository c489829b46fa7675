import { useChatSession, useConfig } from '@chainlit/react-client';
import type { ReactNode } from 'react';

import { useTranslation } from '../../i18n/I18nProvider';
import { Markdown } from '../markdown/Markdown';
import { Avatar } from './Avatar';

/** Shown before the first message: the app (or chat profile) name, description and starters. */
export function WelcomeScreen({ children }: { children?: ReactNode }) {
  const { config } = useConfig();
  const { t } = useTranslation();
  const { chatProfile } = useChatSession();
  const profile = config?.chatProfiles?.find((p) => p.name === chatProfile);
  const name = config?.ui?.name ?? t('common.assistant');
  return (
    <div className="welcome">
      <Avatar author={profile?.name ?? 'default'} />
      <h1>{(profile as { display_name?: string } | undefined)?.display_name || profile?.name || name}</h1>
      {profile?.markdown_description ? (
        <Markdown content={profile.markdown_description} />
      ) : (
        config?.ui?.description && <p className="muted">{config.ui.description}</p>
      )}
      {children}
    </div>
  );
}
