import type { IChainlitConfig, IMcp } from '@chainlit/react-client';

/** `config.features.mcp` of GET /project/settings. */
export type McpFeature = NonNullable<IChainlitConfig['features']['mcp']>;

/**
 * The transports the UI offers. Legacy SSE is left out even when a server reports it: ours
 * never does (streamable HTTP replaced it), and the react-client cannot send its headers again
 * when it reconnects a saved server.
 */
export type McpTransport = 'stdio' | 'streamable-http';

/** The transports the app enables, stdio first (Chainlit's order); none when MCP is off. */
export function offeredTransports(mcp: McpFeature | undefined): McpTransport[] {
  if (!mcp?.enabled) return [];
  const out: McpTransport[] = [];
  if (mcp.stdio?.enabled) out.push('stdio');
  if (mcp.streamable_http?.enabled) out.push('streamable-http');
  return out;
}

/** What is wrong with a new server's name, as a translation key (with its vars), or null. The
 *  react-client matches answers to saved servers by name, so a name must be unique. */
export function nameProblem(name: string, servers: IMcp[]): { key: string; vars?: Record<string, string> } | null {
  if (!name) return { key: 'chat.mcp.errors.nameRequired' };
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return { key: 'chat.mcp.errors.nameInvalid' };
  if (servers.some((s) => s.name === name)) return { key: 'chat.mcp.errors.nameTaken', vars: { name } };
  return null;
}

/** An http(s) URL, or false. The server decides which hosts it accepts. */
export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * `Key: value` lines (blank lines skipped) as a header object; undefined when there are none.
 * `badLine` is the 1-based number of the first line that is not such a pair.
 */
export function parseHeaders(text: string): { headers?: Record<string, string>; badLine?: number } {
  const headers: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    const key = colon > 0 ? line.slice(0, colon).trim() : '';
    // An HTTP token: what fetch would refuse anyway, caught here with the line number.
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) return { badLine: i + 1 };
    headers[key] = line.slice(colon + 1).trim();
  }
  return Object.keys(headers).length ? { headers } : {};
}
