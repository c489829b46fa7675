import {
  ChainlitContext,
  commandsState,
  messagesState,
  sideViewState,
  updateMessageById,
  useChatData,
  useChatInteract,
  useChatSession,
  useConfig,
  type IAction,
  type IFeedback,
  type IMessageElement,
  type IStep
} from '@chainlit/react-client';
import { useCallback, useContext, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { useRecoilValue, useSetRecoilState } from 'recoil';
import { toast } from 'sonner';

import { useConnectionState } from '../../hooks/useConnectionState';
import { useTranslation } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import type { ChainOfThought } from '../../lib/messageTree';
import type { ChatContextValue } from './ChatContext';

/** The ChatContext of the live session: data from the react client, callbacks to the server. */
export function useLiveChatContext(): ChatContextValue {
  const client = useContext(ChainlitContext);
  const { t } = useTranslation();
  const { config } = useConfig();
  const { elements, actions, askUser, loading } = useChatData();
  const { sessionId } = useChatSession();
  const { editMessage } = useChatInteract();
  const commands = useRecoilValue(commandsState);
  const connected = useConnectionState() === 'connected';
  const setMessages = useSetRecoilState(messagesState);
  const setSideView = useSetRecoilState(sideViewState);
  const navigate = useNavigate();

  const onAction = useCallback(
    async (action: IAction) => {
      if (askUser?.spec.type === 'action' && askUser.spec.keys?.includes(action.id)) {
        askUser.callback(action);
        return;
      }
      try {
        await client.callAction(action, sessionId);
      } catch (err) {
        toast.error(errorMessage(err, t('chat.message.actionFailed')));
      }
    },
    [askUser, client, sessionId, t]
  );

  const onFeedback = useCallback(
    async (step: IStep, feedback: IFeedback) => {
      try {
        const result = await client.setFeedback(feedback, sessionId);
        setMessages((prev) => updateMessageById(prev, step.id, { ...step, feedback: { ...feedback, id: result.feedbackId } }));
        toast.success(t('chat.feedback.thanks'));
      } catch (err) {
        toast.error(errorMessage(err, t('chat.feedback.saveFailed')));
      }
    },
    [client, sessionId, setMessages, t]
  );

  const onFeedbackDelete = useCallback(
    async (step: IStep, feedbackId: string) => {
      try {
        await client.deleteFeedback(feedbackId);
        setMessages((prev) => updateMessageById(prev, step.id, { ...step, feedback: undefined }));
      } catch (err) {
        toast.error(errorMessage(err, t('chat.feedback.removeFailed')));
      }
    },
    [client, setMessages, t]
  );

  const onEdit = useCallback(
    (step: IStep, text: string) => {
      // The server needs the message itself, not the steps the client nested under it.
      const { steps: _nested, ...message } = step;
      editMessage({ ...message, output: text });
    },
    [editMessage]
  );

  const onOpenElement = useCallback(
    (element: IMessageElement) => {
      if (element.display === 'page') {
        navigate(`/element/${element.id}${element.threadId ? `?thread=${element.threadId}` : ''}`);
      } else {
        setSideView({ title: element.name, elements: [element] });
      }
    },
    [navigate, setSideView]
  );

  return useMemo(
    () => ({
      elements,
      actions,
      askUser,
      commands,
      loading,
      cot: (config?.ui?.cot ?? 'full') as ChainOfThought,
      latex: !!config?.features?.latex,
      uiName: config?.ui?.name ?? t('common.assistant'),
      feedbackEnabled: !!config?.dataPersistence,
      readOnly: false,
      editEnabled: config?.features?.edit_message !== false,
      canEdit: connected && !loading && !askUser,
      onEdit,
      onAction,
      onFeedback,
      onFeedbackDelete,
      onOpenElement
    }),
    [elements, actions, askUser, commands, loading, config, connected, onEdit, onAction, onFeedback, onFeedbackDelete, onOpenElement, t]
  );
}
