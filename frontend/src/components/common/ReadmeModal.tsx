import { useTranslation } from '../../i18n/I18nProvider';
import { Markdown } from '../markdown/Markdown';
import { Modal } from './Modal';

export function ReadmeModal({ markdown, onClose }: { markdown: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal title={t('header.readme')} onClose={onClose} size="large">
      <Markdown content={markdown} latex />
    </Modal>
  );
}
