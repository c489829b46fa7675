import { useChatInteract, type IAsk, type IFileRef } from '@chainlit/react-client';
import { Upload } from 'lucide-react';
import { useRef, useState, type DragEvent } from 'react';
import { toast } from 'sonner';

import { useTranslation } from '../../i18n/I18nProvider';
import { acceptAttribute, checkFiles, formatBytes, limitsFromSpec } from '../../lib/fileSpec';

/** The answer box of an AskFileMessage: pick or drop files, upload them, reply with their ids. */
export function AskFilePrompt({ askUser }: { askUser: IAsk }) {
  const { uploadFile } = useChatInteract();
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number[] | undefined>();
  const [dragging, setDragging] = useState(false);
  const limits = limitsFromSpec(askUser.spec);
  const uploading = progress !== undefined;

  const start = (files: File[]) => {
    if (uploading) return;
    const { accepted, errors } = checkFiles(files, limits, 0, t);
    errors.forEach((e) => toast.error(e));
    if (accepted.length === 0) return;
    setProgress(accepted.map(() => 0));
    const uploads = accepted.map((file, index) =>
      uploadFile(file, (value) => setProgress((prev) => prev?.map((p, i) => (i === index ? value : p))))
    );
    Promise.all(uploads.map((u) => u.promise))
      .then((refs: IFileRef[]) => askUser.callback(refs.map(({ id }) => ({ id }))))
      .catch((reason: unknown) => {
        uploads.forEach((u) => u.xhr.abort());
        toast.error(t('chat.askFile.failed', { reason: typeof reason === 'string' ? reason : t('common.somethingWentWrong') }));
        setProgress(undefined);
      });
  };

  const total = progress ? progress.reduce((a, b) => a + b, 0) / progress.length : 0;
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setDragging(false);
    start(Array.from(event.dataTransfer.files));
  };

  return (
    <div
      className={`ask-file${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        e.stopPropagation();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="ask-file"
    >
      <input
        ref={input}
        type="file"
        hidden
        multiple={(askUser.spec.max_files ?? 1) > 1}
        accept={acceptAttribute(askUser.spec.accept)}
        data-testid="ask-file-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          start(files);
        }}
      />
      <div>
        <p>{t('chat.askFile.drop')}</p>
        <p className="muted">
          {askUser.spec.max_files ? t('chat.askFile.maxFiles', { count: askUser.spec.max_files }) : ''}
          {askUser.spec.max_size_mb ? ` · ${t('chat.askFile.maxSize', { size: formatBytes(askUser.spec.max_size_mb * 1024 * 1024) })}` : ''}
        </p>
      </div>
      {uploading ? (
        <progress max={100} value={Math.round(total)} aria-label={t('chat.askFile.progress')} />
      ) : (
        <button type="button" className="button primary" onClick={() => input.current?.click()} data-testid="ask-file-browse">
          <Upload size={16} aria-hidden="true" /> {t('chat.askFile.browse')}
        </button>
      )}
    </div>
  );
}
