/** A `stream_token` payload (spec B.1): append `token`, or replace the text when isSequence. */
export interface StreamToken {
  id: string;
  token: string;
  isSequence: boolean;
  isInput: boolean;
}

/**
 * Merges runs of tokens for the same message and field into one token with the same effect:
 * appends concatenate, a sequence token replaces what came before it. Order is kept, so tokens
 * of interleaved messages stay correct.
 */
export function coalesceTokens(tokens: readonly StreamToken[]): StreamToken[] {
  const out: StreamToken[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (last && last.id === t.id && last.isInput === t.isInput) {
      if (t.isSequence) out[out.length - 1] = { ...t };
      else last.token += t.token;
    } else {
      out.push({ ...t });
    }
  }
  return out;
}
