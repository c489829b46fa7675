import { useChatInteract, useChatMessages, useChatSession, useConfig } from '@chainlit/react-client';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router-dom';

import { useTranslation } from '../../i18n/I18nProvider';
import { ConfirmDialog } from '../history/ConfirmDialog';

type Profile = { name: string; display_name?: string };
const profileLabel = (profile: Profile | undefined, name: string) => profile?.display_name || profile?.name || name;

/**
 * Picks the chat profile; changing it starts a new chat with that profile (spec A.2). Once the
 * user has written in this chat, the switch asks first, as Chainlit does: a native select also
 * changes on the arrow keys, and a keyboard user stepping through the profiles must not lose the
 * conversation on the way.
 */
export function ChatProfileSelect() {
  const { config } = useConfig();
  const { t } = useTranslation();
  const { chatProfile, setChatProfile } = useChatSession();
  const { messages } = useChatMessages();
  const { clear } = useChatInteract();
  const navigate = useNavigate();
  const id = useId();
  const [pending, setPending] = useState<string>();
  const profiles = (config?.chatProfiles ?? []) as Profile[];
  if (profiles.length < 2) return null;

  const current = profiles.find((p) => p.name === chatProfile) as (Profile & { markdown_description?: string }) | undefined;
  const interacted = messages.some((m) => m.type === 'user_message');
  const switchTo = (name: string) => {
    setPending(undefined);
    clear();
    setChatProfile(name);
    navigate('/');
  };

  return (
    <div className="profile-select">
      <label htmlFor={id} className="sr-only">
        {t('profile.label')}
      </label>
      <select
        id={id}
        value={chatProfile ?? ''}
        title={current?.markdown_description}
        onChange={(e) => {
          const name = e.target.value;
          if (name === chatProfile) return;
          if (interacted) setPending(name);
          else switchTo(name);
        }}
        data-testid="chat-profile"
      >
        {profiles.map((profile) => (
          <option key={profile.name} value={profile.name}>
            {profileLabel(profile, profile.name)}
          </option>
        ))}
      </select>
      {pending !== undefined && (
        <ConfirmDialog
          title={t('profile.confirmTitle')}
          message={t('profile.confirmMessage', { profile: profileLabel(profiles.find((p) => p.name === pending), pending) })}
          confirmLabel={t('profile.confirmButton')}
          onConfirm={() => switchTo(pending)}
          onCancel={() => setPending(undefined)}
        />
      )}
    </div>
  );
}
