import { ChainlitContext, ClientError, type ChainlitAPI, type IMcp } from '@chainlit/react-client';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { RecoilRoot } from 'recoil';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { McpFeature } from '../../../lib/mcp';
import { Composer } from '../Composer';
import { McpButton } from '../McpButton';

// The seam is the API client of ChainlitContext: these tests check what the UI sends and how
// it shows the answers; the routes themselves are the server's tests.
const STORAGE_KEY = 'mcp_storage_key'; // where the react-client's mcpState persists

function fakeClient(overrides: Partial<Record<'connectStdioMCP' | 'connectStreamableHttpMCP' | 'disconnectMcp', ReturnType<typeof vi.fn>>> = {}) {
  return {
    connectStdioMCP: vi.fn(),
    connectStreamableHttpMCP: vi.fn(),
    disconnectMcp: vi.fn().mockResolvedValue({ success: true }),
    ...overrides
  };
}

const ALL_ON: McpFeature = { enabled: true, stdio: { enabled: true }, streamable_http: { enabled: true }, sse: { enabled: false } };

function renderButton(client: ReturnType<typeof fakeClient>, mcp: McpFeature | undefined, saved?: IMcp[]) {
  if (saved) localStorage.setItem(STORAGE_KEY, JSON.stringify(saved));
  const wrap = (ui: ReactNode) => (
    <RecoilRoot>
      <ChainlitContext.Provider value={client as unknown as ChainlitAPI}>{ui}</ChainlitContext.Provider>
    </RecoilRoot>
  );
  return render(wrap(<McpButton mcp={mcp} />));
}

async function openDialog() {
  await userEvent.click(screen.getByRole('button', { name: 'MCP servers' }));
  return screen.getByRole('dialog', { name: 'MCP servers' });
}

const stored = () => JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as IMcp[];

afterEach(() => localStorage.clear());

describe('MCP servers', () => {
  it('has no button when the app has MCP off', () => {
    renderButton(fakeClient(), { enabled: false, stdio: { enabled: true } });
    expect(screen.queryByRole('button', { name: 'MCP servers' })).toBeNull();
    renderButton(fakeClient(), undefined);
    expect(screen.queryByRole('button', { name: 'MCP servers' })).toBeNull();
  });

  it('adds a stdio server with the typed values and lists it with its tools', async () => {
    let answer!: (value: unknown) => void;
    const client = fakeClient({ connectStdioMCP: vi.fn(() => new Promise((r) => (answer = r))) });
    renderButton(client, ALL_ON);
    const dialog = await openDialog();
    expect(within(dialog).getByText('No server yet.')).toBeInTheDocument();
    const form = within(dialog).getByRole('form', { name: 'Add a server' });
    await userEvent.type(within(form).getByLabelText('Name'), 'everything');
    await userEvent.type(within(form).getByLabelText('Command'), 'npx -y @modelcontextprotocol/server-everything');
    expect(within(form).getByText('The app runs only the commands its configuration allows.')).toBeInTheDocument();
    await userEvent.click(within(form).getByRole('button', { name: 'Add server' }));

    expect(client.connectStdioMCP).toHaveBeenCalledWith(expect.any(String), 'everything', 'npx -y @modelcontextprotocol/server-everything');
    expect(within(form).getByRole('status')).toHaveTextContent('Connecting…');
    expect(within(form).getByRole('button', { name: 'Add server' })).toBeDisabled();
    answer({ success: true, mcp: { name: 'everything', clientType: 'stdio', command: 'npx', tools: [{ name: 'echo', description: 'Echoes' }, { name: 'get-sum' }] } });

    const item = await within(dialog).findByTestId('mcp-server');
    expect(within(item).getByText('everything')).toBeInTheDocument();
    expect(within(item).getByText('Connected')).toBeInTheDocument();
    expect(within(item).getByText('stdio (command)')).toBeInTheDocument();
    expect(within(item).getByText('npx -y @modelcontextprotocol/server-everything')).toBeInTheDocument();
    expect(within(item).getByText('2 tools')).toBeInTheDocument();
    expect(within(item).getAllByTestId('mcp-tool').map((li) => li.textContent)).toEqual(['echo', 'get-sum']);
    expect(within(form).getByRole('status')).toHaveTextContent('everything is connected.');
    expect(within(form).getByLabelText('Name')).toHaveValue('');
    // Saved where the react-client reconnects it from on the next socket connect.
    expect(stored()).toEqual([
      { name: 'everything', clientType: 'stdio', status: 'connected', command: 'npx -y @modelcontextprotocol/server-everything', tools: [{ name: 'echo', description: 'Echoes' }, { name: 'get-sum' }] }
    ]);
  });

  it("shows the server's refusal and adds nothing", async () => {
    const client = fakeClient({ connectStdioMCP: vi.fn().mockRejectedValue(new ClientError('Bad Request', 400, 'command not allowed: bash is not in allowed_executables')) });
    renderButton(client, ALL_ON);
    const dialog = await openDialog();
    await userEvent.type(within(dialog).getByLabelText('Name'), 'evil');
    await userEvent.type(within(dialog).getByLabelText('Command'), 'bash -c "echo pwned"');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add server' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Could not add the server: command not allowed: bash is not in allowed_executables');
    expect(client.connectStdioMCP).toHaveBeenCalledWith(expect.any(String), 'evil', 'bash -c "echo pwned"');
    expect(within(dialog).queryByTestId('mcp-server')).toBeNull();
    expect(stored()).toEqual([]);
    expect(within(dialog).getByRole('button', { name: 'Add server' })).toBeEnabled();
  });

  it('checks the name before asking the server', async () => {
    const client = fakeClient();
    renderButton(client, ALL_ON, [{ name: 'taken', tools: [{ name: 'x' }], status: 'connected', clientType: 'stdio', command: 'node a.js' }]);
    const dialog = await openDialog();
    const name = within(dialog).getByLabelText('Name');
    await userEvent.type(within(dialog).getByLabelText('Command'), 'node b.js');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add server' }));
    expect(name).toHaveAccessibleDescription(expect.stringContaining('Enter a name.'));
    expect(name).toHaveFocus();
    await userEvent.type(name, 'two words');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add server' }));
    expect(name).toHaveAccessibleDescription(expect.stringContaining('Use only letters, digits, - and _.'));
    await userEvent.clear(name);
    await userEvent.type(name, 'taken');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add server' }));
    expect(name).toHaveAccessibleDescription(expect.stringContaining('There is already a server named taken.'));
    expect(client.connectStdioMCP).not.toHaveBeenCalled();
  });

  it.each([
    [{ enabled: true, stdio: { enabled: false }, streamable_http: { enabled: true }, sse: { enabled: true } }, ['Streamable HTTP'], 'URL'],
    [{ enabled: true, stdio: { enabled: true }, streamable_http: { enabled: false } }, ['stdio (command)'], 'Command'],
    [ALL_ON, ['stdio (command)', 'Streamable HTTP'], 'Command']
  ])('offers only the transports the app enables (%j)', async (mcp, offered, field) => {
    renderButton(fakeClient(), mcp);
    const dialog = await openDialog();
    expect(within(dialog).getAllByRole('option').map((o) => o.textContent)).toEqual(offered);
    expect(within(dialog).getByLabelText(field)).toBeInTheDocument();
    expect(within(dialog).queryByLabelText(field === 'URL' ? 'Command' : 'URL')).toBeNull();
  });

  it('says so when MCP is on but no transport is', async () => {
    renderButton(fakeClient(), { enabled: true, stdio: { enabled: false }, streamable_http: { enabled: false } });
    const dialog = await openDialog();
    expect(within(dialog).getByText('This app allows no MCP transport.')).toBeInTheDocument();
    expect(within(dialog).queryByRole('form')).toBeNull();
  });

  it('adds a streamable HTTP server with its headers', async () => {
    const client = fakeClient({ connectStreamableHttpMCP: vi.fn().mockResolvedValue({ success: true, mcp: { name: 'remote', tools: [] } }) });
    renderButton(client, ALL_ON);
    const dialog = await openDialog();
    await userEvent.type(within(dialog).getByLabelText('Name'), 'remote');
    await userEvent.selectOptions(within(dialog).getByLabelText('Transport'), 'Streamable HTTP');
    await userEvent.type(within(dialog).getByLabelText('URL'), 'not a url');
    await userEvent.type(within(dialog).getByLabelText('Headers (optional)'), 'Authorization: Bearer t0k{Enter}oops');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add server' }));
    expect(within(dialog).getByLabelText('URL')).toHaveAccessibleDescription('Enter an http:// or https:// URL.');
    expect(within(dialog).getByLabelText('Headers (optional)')).toHaveAccessibleDescription(expect.stringContaining('Line 2 is not “Key: value”.'));
    expect(client.connectStreamableHttpMCP).not.toHaveBeenCalled();

    await userEvent.clear(within(dialog).getByLabelText('URL'));
    await userEvent.type(within(dialog).getByLabelText('URL'), 'https://mcp.example.com/mcp');
    await userEvent.clear(within(dialog).getByLabelText('Headers (optional)'));
    await userEvent.type(within(dialog).getByLabelText('Headers (optional)'), 'Authorization: Bearer t0k');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add server' }));
    expect(client.connectStreamableHttpMCP).toHaveBeenCalledWith(expect.any(String), 'remote', 'https://mcp.example.com/mcp', { Authorization: 'Bearer t0k' });
    const item = await within(dialog).findByTestId('mcp-server');
    expect(within(item).getByText('https://mcp.example.com/mcp')).toBeInTheDocument();
    expect(within(item).getByText('0 tools')).toBeInTheDocument();
    expect(stored()[0]).toMatchObject({ name: 'remote', clientType: 'streamable-http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer t0k' } });
  });

  it('removes a server with disconnectMcp, and drops it even when that fails', async () => {
    const client = fakeClient({
      disconnectMcp: vi.fn().mockResolvedValueOnce({ success: true }).mockRejectedValueOnce(new ClientError('Bad Request', 400, 'no such session'))
    });
    renderButton(client, ALL_ON, [
      { name: 'one', tools: [{ name: 'echo' }], status: 'connected', clientType: 'stdio', command: 'node one.js' },
      { name: 'two', tools: [{ name: 'echo' }], status: 'failed', clientType: 'streamable-http', url: 'https://two.example.com/mcp' }
    ]);
    const dialog = await openDialog();
    expect(within(dialog).getAllByTestId('mcp-server')).toHaveLength(2);
    expect(within(dialog).getByText('Failed')).toBeInTheDocument();

    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove one' }));
    expect(client.disconnectMcp).toHaveBeenCalledWith(expect.any(String), 'one');
    await waitFor(() => expect(within(dialog).getAllByTestId('mcp-server')).toHaveLength(1));
    expect(within(dialog).queryByRole('alert')).toBeNull();

    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove two' }));
    expect(client.disconnectMcp).toHaveBeenLastCalledWith(expect.any(String), 'two');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('two was removed from the list, but the server answered: no such session');
    expect(within(dialog).queryByTestId('mcp-server')).toBeNull();
    expect(stored()).toEqual([]);
  });

  it('adding from the dialog does not send the chat message (the submit stays in the dialog)', async () => {
    const onSubmit = vi.fn();
    const client = fakeClient({ connectStdioMCP: vi.fn().mockResolvedValue({ success: true, mcp: { name: 'a', tools: [] } }) });
    render(
      <RecoilRoot>
        <ChainlitContext.Provider value={client as unknown as ChainlitAPI}>
          <Composer onSubmit={onSubmit} onStop={() => undefined} canSubmit loading={false} persistHistory={false} tools={<McpButton mcp={ALL_ON} />} />
        </ChainlitContext.Provider>
      </RecoilRoot>
    );
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), 'draft');
    const dialog = await openDialog();
    await userEvent.type(within(dialog).getByLabelText('Name'), 'a');
    await userEvent.type(within(dialog).getByLabelText('Command'), 'node a.js{Enter}');
    await within(dialog).findByTestId('mcp-server');
    expect(client.connectStdioMCP).toHaveBeenCalledOnce();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
