import { useTranslation } from '../../i18n/I18nProvider';
import { Modal } from '../common/Modal';

interface Props {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      title={title}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="button ghost" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button danger" onClick={onConfirm} data-testid="confirm">
            {confirmLabel}
          </button>
        </>
      }
    >
      <p>{message}</p>
    </Modal>
  );
}
