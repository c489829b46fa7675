import type { IMcp } from '@chainlit/react-client';
import { describe, expect, it } from 'vitest';

import { isHttpUrl, nameProblem, offeredTransports, parseHeaders } from '../mcp';

const saved = [{ name: 'everything', tools: [{ name: 'echo' }], status: 'connected', clientType: 'stdio', command: 'node x.js' }] as IMcp[];

describe('mcp', () => {
  it('offers the enabled transports only, and none when MCP is off', () => {
    const on = { enabled: true };
    expect(offeredTransports(undefined)).toEqual([]);
    expect(offeredTransports({ enabled: false, stdio: on, streamable_http: on })).toEqual([]);
    expect(offeredTransports({ enabled: true, stdio: on, streamable_http: on, sse: on })).toEqual(['stdio', 'streamable-http']);
    expect(offeredTransports({ enabled: true, stdio: { enabled: false }, streamable_http: on })).toEqual(['streamable-http']);
    expect(offeredTransports({ enabled: true, stdio: on })).toEqual(['stdio']);
  });

  it('wants a unique name of letters, digits, - and _', () => {
    expect(nameProblem('', saved)?.key).toBe('chat.mcp.errors.nameRequired');
    expect(nameProblem('my server', saved)?.key).toBe('chat.mcp.errors.nameInvalid');
    expect(nameProblem('ünï', saved)?.key).toBe('chat.mcp.errors.nameInvalid');
    expect(nameProblem('everything', saved)).toEqual({ key: 'chat.mcp.errors.nameTaken', vars: { name: 'everything' } });
    expect(nameProblem('Stripe_2-b', saved)).toBeNull();
  });

  it('accepts http and https URLs only', () => {
    expect(isHttpUrl('https://example.com/mcp')).toBe(true);
    expect(isHttpUrl('http://10.0.0.1:8000/mcp')).toBe(true);
    expect(isHttpUrl('file:///etc/passwd')).toBe(false);
    expect(isHttpUrl('example.com/mcp')).toBe(false);
  });

  it('reads Key: value header lines and points at the first bad one', () => {
    expect(parseHeaders('')).toEqual({});
    expect(parseHeaders('Authorization: Bearer a:b\n\n X-Team :  red ')).toEqual({ headers: { Authorization: 'Bearer a:b', 'X-Team': 'red' } });
    expect(parseHeaders('X-Ok: 1\nno colon here')).toEqual({ badLine: 2 });
    expect(parseHeaders(': value')).toEqual({ badLine: 1 });
    expect(parseHeaders('Bad Key: v')).toEqual({ badLine: 1 });
  });
});
