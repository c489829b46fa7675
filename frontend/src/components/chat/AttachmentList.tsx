import { FileText, X } from 'lucide-react';

import type { Attachment } from '../../hooks/useAttachments';
import { useTranslation } from '../../i18n/I18nProvider';
import { formatBytes } from '../../lib/fileSpec';

export function AttachmentList({ attachments, onRemove }: { attachments: Attachment[]; onRemove: (id: string) => void }) {
  const { t } = useTranslation();
  if (attachments.length === 0) return null;
  return (
    <ul className="attachments" aria-label={t('chat.attachments.label')}>
      {attachments.map((a) => (
        <li key={a.localId} className={`attachment ${a.status}`} data-testid="attachment">
          <FileText size={16} aria-hidden="true" />
          <span className="attachment-name" title={a.file.name}>
            {a.file.name}
          </span>
          <span className="muted">{a.status === 'error' ? a.error : formatBytes(a.file.size)}</span>
          {a.status === 'uploading' && (
            <progress max={100} value={Math.round(a.progress)} aria-label={t('chat.attachments.uploading', { name: a.file.name })} />
          )}
          <button type="button" className="icon-button small" aria-label={t('chat.attachments.remove', { name: a.file.name })} onClick={() => onRemove(a.localId)}>
            <X size={14} aria-hidden="true" />
          </button>
        </li>
      ))}
    </ul>
  );
}
