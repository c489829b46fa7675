import type { IStep } from '@chainlit/react-client';
import { v4 as uuidv4 } from 'uuid';

/** The IStep the client sends for what the user typed (spec B.2 client_message / ask reply). */
export function buildUserMessage(text: string, author: string, command?: string): IStep {
  const step: IStep = {
    id: uuidv4(),
    threadId: '',
    name: author,
    type: 'user_message',
    output: text,
    createdAt: new Date().toISOString(),
    metadata: { location: window.location.href }
  };
  if (command) step.command = command;
  return step;
}
