import type { IStep } from '@chainlit/react-client';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { RecoilRoot } from 'recoil';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The welcome screen of the live chat with the react client's hooks replaced: the settings
// answer and a connected socket are given, and what ChatView sends is recorded.
const state = vi.hoisted(() => ({
  config: {} as Record<string, unknown>,
  chatProfile: undefined as string | undefined,
  sendMessage: (() => undefined) as (message: IStep, fileReferences?: unknown[]) => void
}));

vi.mock('@chainlit/react-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@chainlit/react-client')>();
  const noop = () => undefined;
  const socket = { connected: true, on: noop, off: noop, io: { on: noop, off: noop } };
  return {
    ...original,
    useConfig: () => ({ config: state.config }),
    useAuth: () => ({ user: { identifier: 'ada' } }),
    useChatMessages: () => ({ messages: [] }),
    useChatData: () => ({ askUser: undefined, loading: false, elements: [], actions: [] }),
    useChatSession: () => ({ session: { socket }, chatProfile: state.chatProfile, sessionId: 's1' }),
    useChatInteract: () => ({
      sendMessage: (message: IStep, fileReferences?: unknown[]) => state.sendMessage(message, fileReferences),
      replyMessage: noop,
      stopTask: noop,
      editMessage: noop,
      uploadFile: noop
    })
  };
});

const { ChatView } = await import('../ChatView');

function renderChat() {
  render(
    <RecoilRoot>
      <MemoryRouter>
        <ChatView />
      </MemoryRouter>
    </RecoilRoot>
  );
}

const starters = [{ label: 'Say hello', message: 'Hello from a starter' }];
const starterCategories = [
  { label: 'Greetings', starters: [{ label: 'Good morning', message: 'Good morning!' }] },
  { label: 'Words', starters: [{ label: 'Count them', message: 'one two three', command: 'Count' }] }
];

describe('ChatView starters', () => {
  let sent: IStep[];
  beforeEach(() => {
    sent = [];
    state.sendMessage = (message) => sent.push(message);
    state.chatProfile = undefined;
  });

  it("sends a category's starter like a plain one: its message, with its command", async () => {
    state.config = { starters, starterCategories, chatProfiles: [] };
    renderChat();
    expect(screen.queryByRole('button', { name: 'Say hello' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Words' }));
    await userEvent.click(screen.getByRole('button', { name: 'Count them' }));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'user_message', output: 'one two three', command: 'Count', name: 'ada' });
    expect(document.activeElement?.id).toBe('chat-input');
  });

  it("shows the profile's plain starters when the settings have no categories", async () => {
    state.config = {
      starters,
      starterCategories: [],
      chatProfiles: [{ name: 'Quiet', markdown_description: '', default: false, starters: [{ label: 'Profile one', message: 'p1' }] }]
    };
    state.chatProfile = 'Quiet';
    renderChat();
    expect(screen.queryByRole('group', { name: 'Suggestion categories' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Profile one' }));
    expect(sent.map((m) => m.output)).toEqual(['p1']);
  });

  it('shows the plain starters of a 0.3.0-shaped answer without starterCategories', async () => {
    state.config = { starters, chatProfiles: [] };
    renderChat();
    await userEvent.click(screen.getByRole('button', { name: 'Say hello' }));
    expect(sent.map((m) => m.output)).toEqual(['Hello from a starter']);
  });
});
