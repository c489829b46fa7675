import { sessionState } from '@chainlit/react-client';
import { act, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { RecoilRoot } from 'recoil';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { FakeSocket } from '../../../test/fakeSocket';
import { BuildStatusBanner } from '../BuildStatusBanner';

const TITLE = 'Build failed — the app keeps running the previous build';

function renderBanner() {
  const socket = new FakeSocket();
  const view = render(
    <StrictMode>
      <RecoilRoot initializeState={({ set }) => set(sessionState, { socket: socket.asSocket() })}>
        <BuildStatusBanner />
      </RecoilRoot>
    </StrictMode>
  );
  const send = (payload: unknown) => act(() => socket.serverSends('build_status', payload));
  return { socket, send, ...view };
}

const banner = () => screen.queryByTestId('build-status-banner');
const errorText = () => screen.getByTestId('build-status-error').textContent;

afterEach(() => vi.restoreAllMocks());

describe('build status banner (watch mode)', () => {
  it('shows nothing until the server reports a failure', () => {
    renderBanner();
    expect(banner()).toBeNull();
  });

  it('shows a failure with its target, and the error as literal text, never as HTML', () => {
    const { send } = renderBanner();
    const error = 'app.cpp:3:5: error: expected <b>x</b>\n    3 | int main( {\n      |     ^';
    send({ ok: false, error, target: 'hello_app' });

    const shown = banner()!;
    expect(shown).toBeInTheDocument();
    expect(shown).toHaveTextContent(TITLE);
    expect(shown).toHaveTextContent('Target: hello_app');
    expect(errorText()).toBe(error);
    expect(screen.getByTestId('build-status-error').tagName).toBe('PRE');
    expect(shown.querySelector('b')).toBeNull();
  });

  it('follows the latest failure and disappears on {"ok": true}', () => {
    const { send } = renderBanner();
    send({ ok: false, error: 'first error' });
    send({ ok: false, error: 'second error' });
    expect(errorText()).toBe('second error');
    send({ ok: true });
    expect(banner()).toBeNull();
  });

  it('ignores malformed payloads, and shows a generic text for a failure without a string error', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { send } = renderBanner();
    for (const junk of [undefined, null, 'ok', 42, [], {}, { ok: 'false' }, { ok: 1, error: 'x' }]) send(junk);
    expect(banner()).toBeNull();
    expect(warn).toHaveBeenCalled();

    send({ ok: false, error: { html: '<i>no</i>' }, target: 7 });
    expect(banner()).toHaveTextContent(TITLE);
    expect(errorText()).toBe('The server did not say what went wrong.');
    expect(banner()).not.toHaveTextContent('Target:');

    send({ ok: false, error: '   ' });
    expect(errorText()).toBe('The server did not say what went wrong.');

    // A malformed payload leaves the last real status as it was.
    send({ ok: false, error: 'real error' });
    send('garbage');
    expect(errorText()).toBe('real error');
  });

  it('starts from a good build on every (re)connect, as the server resends a current failure', () => {
    const { socket, send } = renderBanner();
    send({ ok: false, error: 'stale' });
    act(() => socket.serverSends('connect'));
    expect(banner()).toBeNull();
  });

  it('removes its listeners on unmount', () => {
    const { socket, unmount } = renderBanner();
    expect(socket.listenerCount('build_status')).toBe(1);
    unmount();
    expect(socket.listenerCount('build_status')).toBe(0);
    expect(socket.listenerCount('connect')).toBe(0);
  });
});
