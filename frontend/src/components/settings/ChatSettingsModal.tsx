import { chatSettingsValueState, useChatData, useChatInteract } from '@chainlit/react-client';
import { useMemo, useState } from 'react';
import { useSetRecoilState } from 'recoil';

import { useTranslation } from '../../i18n/I18nProvider';
import { defaultValues, mergeValues, toTabs, type SettingsValues } from '../../lib/chatSettings';
import { Modal } from '../common/Modal';
import { SettingsForm } from './SettingsForm';

/** Edits the chat settings; Confirm emits chat_settings_change with every value. */
export function ChatSettingsModal({ onClose }: { onClose: () => void }) {
  const { chatSettingsInputs, chatSettingsValue } = useChatData();
  const { t } = useTranslation();
  const { updateChatSettings } = useChatInteract();
  const setStoredValues = useSetRecoilState(chatSettingsValueState);
  const tabs = useMemo(() => toTabs(chatSettingsInputs, t('settings.general')), [chatSettingsInputs, t]);
  const [values, setValues] = useState<SettingsValues>(() => mergeValues(chatSettingsInputs, chatSettingsValue));

  const confirm = () => {
    updateChatSettings(values);
    setStoredValues(values);
    onClose();
  };

  return (
    <Modal
      title={t('settings.title')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button ghost" onClick={() => setValues(defaultValues(chatSettingsInputs))}>
            {t('common.reset')}
          </button>
          <span className="header-spacer" />
          <button type="button" className="button ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button primary" onClick={confirm} data-testid="settings-confirm">
            {t('common.confirm')}
          </button>
        </>
      }
    >
      <SettingsForm tabs={tabs} values={values} onChange={(id, value) => setValues((prev) => ({ ...prev, [id]: value }))} />
    </Modal>
  );
}
