import { ArrowUp, Paperclip, Square } from 'lucide-react';
import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

import { emptyHistory, loadStoredEntries, recordEntry, stepBack, stepForward, storeEntries, type InputHistoryState } from '../../lib/inputHistory';

export interface ComposerProps {
  /** Called with the trimmed text; the composer clears itself. */
  onSubmit: (text: string) => void;
  onStop: () => void;
  /** Whether a message may be submitted now (no upload running, no blocking ask). The chat
   *  queues what is submitted before the socket is connected. */
  canSubmit: boolean;
  /** A task is running: the stop button replaces send. */
  loading: boolean;
  placeholder?: string;
  /** When set, a paperclip button opens a file picker with this accept attribute. */
  upload?: { accept?: string; onFiles: (files: File[]) => void };
  /** Shown above the text area (attachments). */
  children?: ReactNode;
  /** Persist the history in localStorage (off in tests). */
  persistHistory?: boolean;
}

const MAX_HEIGHT_PX = 240;

/**
 * The message box. Enter sends, Shift+Enter adds a line, ArrowUp/ArrowDown at the edges walk
 * the history of sent messages. While a task runs, a stop button is shown.
 */
export function Composer({ onSubmit, onStop, canSubmit, loading, placeholder = 'Type your message here…', upload, children, persistHistory = true }: ComposerProps) {
  const [text, setText] = useState('');
  const history = useRef<InputHistoryState>(emptyHistory(persistHistory ? loadStoredEntries() : []));
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useLayoutEffect(() => {
    const el = textarea.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  const submit = useCallback(() => {
    const value = text.trim();
    if (!value || !canSubmit) return;
    history.current = recordEntry(history.current, value);
    if (persistHistory) storeEntries(history.current.entries);
    setText('');
    onSubmit(value);
  }, [text, canSubmit, onSubmit, persistHistory]);

  const showHistoryText = (value: string) => {
    setText(value);
    requestAnimationFrame(() => {
      const el = textarea.current;
      if (el) el.selectionStart = el.selectionEnd = value.length;
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    const el = event.currentTarget;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submit();
      return;
    }
    const noSelection = el.selectionStart === el.selectionEnd;
    if (event.key === 'ArrowUp' && noSelection && !el.value.slice(0, el.selectionStart).includes('\n')) {
      const step = stepBack(history.current, el.value);
      if (step.text !== null) {
        event.preventDefault();
        history.current = step.state;
        showHistoryText(step.text);
      }
      return;
    }
    if (event.key === 'ArrowDown' && noSelection && !el.value.slice(el.selectionEnd).includes('\n')) {
      const step = stepForward(history.current);
      if (step.text !== null) {
        event.preventDefault();
        history.current = step.state;
        showHistoryText(step.text);
      }
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      aria-label="Message composer"
    >
      {children}
      <div className="composer-row">
        {upload && (
          <>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              accept={upload.accept}
              data-testid="file-input"
              onChange={(e) => {
                const files = Array.from(e.target.files ?? []);
                e.target.value = '';
                if (files.length) upload.onFiles(files);
              }}
            />
            <button type="button" className="icon-button" aria-label="Attach files" title="Attach files" onClick={() => fileInput.current?.click()} data-testid="upload-button">
              <Paperclip size={18} aria-hidden="true" />
            </button>
          </>
        )}
        <textarea
          ref={textarea}
          id="chat-input"
          className="composer-input"
          rows={1}
          value={text}
          placeholder={placeholder}
          aria-label="Message"
          autoFocus
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {loading ? (
          <button type="button" className="icon-button stop-button" aria-label="Stop" title="Stop" onClick={onStop} data-testid="stop-button">
            <Square size={16} aria-hidden="true" />
          </button>
        ) : (
          <button type="submit" className="icon-button send-button" aria-label="Send message" title="Send (Enter)" disabled={!canSubmit || !text.trim()} data-testid="send-button">
            <ArrowUp size={18} aria-hidden="true" />
          </button>
        )}
      </div>
    </form>
  );
}
