import type { FileSpec } from '@chainlit/react-client';

import { englishT } from '../i18n/english';
import type { TFunction } from '../i18n/translate';

export interface UploadLimits {
  accept?: string[] | Record<string, string[]>;
  maxSizeMb?: number;
  maxFiles?: number;
}

export function limitsFromSpec(spec: FileSpec | undefined): UploadLimits {
  return { accept: spec?.accept, maxSizeMb: spec?.max_size_mb, maxFiles: spec?.max_files };
}

/** The `accept` attribute of a file input for a Chainlit accept spec (list or {mime: [ext]}). */
export function acceptAttribute(accept: UploadLimits['accept']): string | undefined {
  if (!accept) return undefined;
  if (Array.isArray(accept)) {
    return accept.length && !accept.includes('*/*') ? accept.join(',') : undefined;
  }
  const parts: string[] = [];
  for (const [mime, extensions] of Object.entries(accept)) {
    parts.push(mime, ...extensions);
  }
  return parts.length && !parts.includes('*/*') ? parts.join(',') : undefined;
}

/** fnmatch-style match of a MIME pattern ("image/*") against a content type. */
export function mimeMatches(pattern: string, mime: string): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i').test(mime);
}

function fileAccepted(file: File, accept: UploadLimits['accept']): boolean {
  if (!accept) return true;
  const mime = file.type || 'application/octet-stream';
  const lowerName = file.name.toLowerCase();
  if (Array.isArray(accept)) {
    return accept.length === 0 || accept.some((pattern) => mimeMatches(pattern, mime));
  }
  return Object.entries(accept).some(
    ([pattern, extensions]) =>
      mimeMatches(pattern, mime) || extensions.some((ext) => lowerName.endsWith(ext.toLowerCase()))
  );
}

export interface FileCheck {
  accepted: File[];
  errors: string[];
}

/** Client-side check of the server's limits; the server enforces them again. */
export function checkFiles(files: File[], limits: UploadLimits, alreadySelected = 0, t: TFunction = englishT): FileCheck {
  const accepted: File[] = [];
  const errors: string[] = [];
  for (const file of files) {
    if (!fileAccepted(file, limits.accept)) {
      errors.push(t('chat.files.typeNotAllowed', { name: file.name }));
    } else if (limits.maxSizeMb && file.size > limits.maxSizeMb * 1024 * 1024) {
      errors.push(t('chat.files.tooLarge', { name: file.name, size: limits.maxSizeMb }));
    } else if (limits.maxFiles && alreadySelected + accepted.length >= limits.maxFiles) {
      errors.push(t('chat.files.tooMany', { name: file.name, count: limits.maxFiles }));
    } else {
      accepted.push(file);
    }
  }
  return { accepted, errors };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
