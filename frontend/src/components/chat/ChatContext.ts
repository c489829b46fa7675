import type { IAction, IAsk, IFeedback, IMessageElement, IStep } from '@chainlit/react-client';
import { createContext, useContext } from 'react';

import type { ChainOfThought } from '../../lib/messageTree';

/** What every message and step in the list needs besides its own step. */
export interface ChatContextValue {
  elements: IMessageElement[];
  actions: IAction[];
  askUser?: IAsk;
  loading: boolean;
  cot: ChainOfThought;
  latex: boolean;
  uiName: string;
  feedbackEnabled: boolean;
  readOnly: boolean;
  onAction: (action: IAction) => Promise<void>;
  onFeedback: (step: IStep, feedback: IFeedback) => Promise<void>;
  onFeedbackDelete: (step: IStep, feedbackId: string) => Promise<void>;
  onOpenElement: (element: IMessageElement) => void;
}

const noop = async () => undefined;

export const defaultChatContext: ChatContextValue = {
  elements: [],
  actions: [],
  loading: false,
  cot: 'full',
  latex: false,
  uiName: 'Assistant',
  feedbackEnabled: false,
  readOnly: true,
  onAction: noop,
  onFeedback: noop,
  onFeedbackDelete: noop,
  onOpenElement: () => undefined
};

export const ChatContext = createContext<ChatContextValue>(defaultChatContext);

export function useChatContext() {
  return useContext(ChatContext);
}
