import { Markdown } from '../markdown/Markdown';
import { Modal } from './Modal';

export function ReadmeModal({ markdown, onClose }: { markdown: string; onClose: () => void }) {
  return (
    <Modal title="Readme" onClose={onClose} size="large">
      <Markdown content={markdown} latex />
    </Modal>
  );
}
