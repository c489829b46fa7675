import { useChatInteract, type IFileRef } from '@chainlit/react-client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';

import { useTranslation } from '../i18n/I18nProvider';
import { checkFiles, type UploadLimits } from '../lib/fileSpec';

export interface Attachment {
  localId: string;
  file: File;
  progress: number;
  status: 'uploading' | 'done' | 'error';
  serverId?: string;
  error?: string;
}

let nextLocalId = 0;

/**
 * Files the user attaches to the next message. Each is uploaded right away (POST /project/file
 * with progress); the message is sent with the server ids as fileReferences.
 */
export function useAttachments(limits: UploadLimits) {
  const { uploadFile } = useChatInteract();
  const { t } = useTranslation();
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const requests = useRef(new Map<string, XMLHttpRequest>());

  const update = (localId: string, patch: Partial<Attachment>) =>
    setAttachments((prev) => prev.map((a) => (a.localId === localId ? { ...a, ...patch } : a)));

  const addFiles = useCallback(
    (files: File[]) => {
      const { accepted, errors } = checkFiles(files, limits, attachments.length, t);
      errors.forEach((message) => toast.error(message));
      for (const file of accepted) {
        const localId = `attachment-${++nextLocalId}`;
        setAttachments((prev) => [...prev, { localId, file, progress: 0, status: 'uploading' }]);
        const { xhr, promise } = uploadFile(file, (progress) => update(localId, { progress }));
        requests.current.set(localId, xhr);
        promise
          .then(({ id }) => update(localId, { status: 'done', progress: 100, serverId: id }))
          .catch((reason: unknown) => {
            const message = typeof reason === 'string' ? reason : t('chat.attachments.failed');
            if (xhr.status === 0 && xhr.readyState === XMLHttpRequest.UNSENT) return;
            update(localId, { status: 'error', error: message });
            toast.error(`${file.name}: ${message}`);
          })
          .finally(() => requests.current.delete(localId));
      }
    },
    [limits, attachments.length, uploadFile, t]
  );

  const remove = useCallback((localId: string) => {
    requests.current.get(localId)?.abort();
    requests.current.delete(localId);
    setAttachments((prev) => prev.filter((a) => a.localId !== localId));
  }, []);

  const takeFileReferences = useCallback((): IFileRef[] => {
    const refs = attachments.filter((a) => a.status === 'done' && a.serverId).map((a) => ({ id: a.serverId! }));
    setAttachments([]);
    return refs;
  }, [attachments]);

  useEffect(() => {
    const pending = requests.current;
    return () => pending.forEach((xhr) => xhr.abort());
  }, []);

  return {
    attachments,
    addFiles,
    remove,
    takeFileReferences,
    uploading: attachments.some((a) => a.status === 'uploading')
  };
}
