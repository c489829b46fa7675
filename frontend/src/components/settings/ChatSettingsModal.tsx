import { chatSettingsValueState, useChatData, useChatInteract } from '@chainlit/react-client';
import { useMemo, useState } from 'react';
import { useSetRecoilState } from 'recoil';

import { defaultValues, mergeValues, toTabs, type SettingsValues } from '../../lib/chatSettings';
import { Modal } from '../common/Modal';
import { SettingsForm } from './SettingsForm';

/** Edits the chat settings; Confirm emits chat_settings_change with every value. */
export function ChatSettingsModal({ onClose }: { onClose: () => void }) {
  const { chatSettingsInputs, chatSettingsValue } = useChatData();
  const { updateChatSettings } = useChatInteract();
  const setStoredValues = useSetRecoilState(chatSettingsValueState);
  const tabs = useMemo(() => toTabs(chatSettingsInputs), [chatSettingsInputs]);
  const [values, setValues] = useState<SettingsValues>(() => mergeValues(chatSettingsInputs, chatSettingsValue));

  const confirm = () => {
    updateChatSettings(values);
    setStoredValues(values);
    onClose();
  };

  return (
    <Modal
      title="Chat settings"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button ghost" onClick={() => setValues(defaultValues(chatSettingsInputs))}>
            Reset
          </button>
          <span className="header-spacer" />
          <button type="button" className="button ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button primary" onClick={confirm} data-testid="settings-confirm">
            Confirm
          </button>
        </>
      }
    >
      <SettingsForm tabs={tabs} values={values} onChange={(id, value) => setValues((prev) => ({ ...prev, [id]: value }))} />
    </Modal>
  );
}
