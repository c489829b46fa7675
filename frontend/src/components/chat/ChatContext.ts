import type { IAction, IAsk, ICommand, IFeedback, IMessageElement, IStep } from '@chainlit/react-client';
import { createContext, useContext } from 'react';

import type { ChainOfThought } from '../../lib/messageTree';

/** What every message and step in the list needs besides its own step. */
export interface ChatContextValue {
  elements: IMessageElement[];
  actions: IAction[];
  askUser?: IAsk;
  /** The app's composer commands (their icons show on messages sent with them). */
  commands: ICommand[];
  loading: boolean;
  cot: ChainOfThought;
  latex: boolean;
  uiName: string;
  feedbackEnabled: boolean;
  readOnly: boolean;
  /** features.edit_message (on unless the config turns it off) in a live chat. */
  editEnabled: boolean;
  /** Whether an edit may be sent now (connected, no task running, no ask waiting). */
  canEdit: boolean;
  /** Sends the user's message again with a new text (edit_message). */
  onEdit: (step: IStep, text: string) => void;
  onAction: (action: IAction) => Promise<void>;
  onFeedback: (step: IStep, feedback: IFeedback) => Promise<void>;
  onFeedbackDelete: (step: IStep, feedbackId: string) => Promise<void>;
  onOpenElement: (element: IMessageElement) => void;
}

const noop = async () => undefined;

export const defaultChatContext: ChatContextValue = {
  elements: [],
  actions: [],
  commands: [],
  loading: false,
  cot: 'full',
  latex: false,
  uiName: 'Assistant',
  feedbackEnabled: false,
  readOnly: true,
  editEnabled: false,
  canEdit: false,
  onEdit: () => undefined,
  onAction: noop,
  onFeedback: noop,
  onFeedbackDelete: noop,
  onOpenElement: () => undefined
};

export const ChatContext = createContext<ChatContextValue>(defaultChatContext);

export function useChatContext() {
  return useContext(ChatContext);
}
