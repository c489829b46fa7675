import type { ICommand } from '@chainlit/react-client';

/** A `/word` being typed: where it is in the text and what follows the slash. */
export interface SlashToken {
  start: number;
  end: number;
  query: string;
}

/**
 * The `/word` that ends at the caret, when it starts the text or follows white space (so a
 * path such as `a/b` or a URL opens nothing); null otherwise.
 */
export function slashTokenAt(text: string, caret: number): SlashToken | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)\/([^\s/]*)$/.exec(before);
  if (!m) return null;
  const start = before.length - m[2].length - 1;
  return { start, end: caret, query: m[2] };
}

/** The commands whose id starts with `query`, ignoring case (Chainlit's filter). */
export function matchCommands(commands: ICommand[], query: string): ICommand[] {
  const q = query.toLowerCase();
  return commands.filter((c) => c.id.toLowerCase().startsWith(q));
}

/** The text without the token, and where the caret goes. */
export function removeToken(text: string, token: SlashToken): { text: string; caret: number } {
  const rest = text.slice(token.end).replace(/^ /, '');
  return { text: text.slice(0, token.start) + rest, caret: token.start };
}
