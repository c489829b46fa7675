import { useChatInteract, useChatSession, useConfig } from '@chainlit/react-client';
import { useId } from 'react';
import { useNavigate } from 'react-router-dom';

/** Picks the chat profile; changing it starts a new chat with that profile (spec A.2). */
export function ChatProfileSelect() {
  const { config } = useConfig();
  const { chatProfile, setChatProfile } = useChatSession();
  const { clear } = useChatInteract();
  const navigate = useNavigate();
  const id = useId();
  const profiles = config?.chatProfiles ?? [];
  if (profiles.length < 2) return null;

  const current = profiles.find((p) => p.name === chatProfile);
  return (
    <div className="profile-select">
      <label htmlFor={id} className="sr-only">
        Chat profile
      </label>
      <select
        id={id}
        value={chatProfile ?? ''}
        title={current?.markdown_description}
        onChange={(e) => {
          clear();
          setChatProfile(e.target.value);
          navigate('/');
        }}
        data-testid="chat-profile"
      >
        {profiles.map((profile) => (
          <option key={profile.name} value={profile.name}>
            {(profile as { display_name?: string }).display_name || profile.name}
          </option>
        ))}
      </select>
    </div>
  );
}
