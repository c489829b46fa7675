import type { ICommand } from '@chainlit/react-client';
import { ArrowUp, Paperclip, Square, SquareSlash, X } from 'lucide-react';
import { useCallback, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

import { useTranslation } from '../../i18n/I18nProvider';
import { matchCommands, removeToken, slashTokenAt, type SlashToken } from '../../lib/commands';
import { emptyHistory, loadStoredEntries, recordEntry, stepBack, stepForward, storeEntries, type InputHistoryState } from '../../lib/inputHistory';
import { CommandButtons, CommandMenu } from './CommandMenu';
import { CommandIcon } from './CommandIcon';

export interface ComposerProps {
  /** Called with the trimmed text and the chosen command's id; the composer clears itself. */
  onSubmit: (text: string, command?: string) => void;
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
  /** The app's commands (set_commands): `/` or the picker button chooses one, `button` ones
   *  are toggles below the text box. */
  commands?: ICommand[];
  /** More toolbar buttons, after the attach and command buttons (the MCP servers button). */
  tools?: ReactNode;
}

/** The open command picker: opened by a `/word` (token) or by the picker button (no token). */
interface MenuState {
  token: SlashToken | null;
  active: number;
}

const MAX_HEIGHT_PX = 240;

const NO_COMMANDS: ICommand[] = [];

/**
 * The message box. Enter sends, Shift+Enter adds a line, ArrowUp/ArrowDown at the edges walk
 * the history of sent messages. While a task runs, a stop button is shown. With commands, a
 * `/` opens the picker (arrows move, Enter or Tab picks, Escape closes); the chosen command
 * shows before the text and goes with the message, and stays chosen afterwards only when it is
 * `persistent`.
 */
export function Composer({ onSubmit, onStop, canSubmit, loading, placeholder, upload, children, persistHistory = true, commands = NO_COMMANDS, tools }: ComposerProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<ICommand>();
  const [menu, setMenu] = useState<MenuState | null>(null);
  const menuId = useId();
  const history = useRef<InputHistoryState>(emptyHistory(persistHistory ? loadStoredEntries() : []));
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useLayoutEffect(() => {
    const el = textarea.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  const buttonCommands = useMemo(() => commands.filter((c) => c.button), [commands]);
  const pickerCommands = useMemo(() => commands.filter((c) => !c.button), [commands]);
  const shown = menu ? (menu.token ? matchCommands(commands, menu.token.query) : pickerCommands) : [];
  const menuOpen = shown.length > 0;
  // A command the app no longer offers is not sent.
  const chosen = selected && commands.some((c) => c.id === selected.id) ? selected : undefined;

  const submit = useCallback(() => {
    const value = text.trim();
    if ((!value && !chosen) || !canSubmit) return;
    if (value) {
      history.current = recordEntry(history.current, value);
      if (persistHistory) storeEntries(history.current.entries);
    }
    setText('');
    setMenu(null);
    if (!chosen?.persistent) setSelected(undefined);
    onSubmit(value, chosen?.id);
  }, [text, chosen, canSubmit, onSubmit, persistHistory]);

  const focusAt = (caret: number) =>
    requestAnimationFrame(() => {
      const el = textarea.current;
      if (!el) return;
      el.focus();
      el.selectionStart = el.selectionEnd = caret;
    });

  const pick = (command: ICommand) => {
    if (menu?.token) {
      const rest = removeToken(text, menu.token);
      setText(rest.text);
      focusAt(rest.caret);
    } else {
      focusAt(textarea.current?.selectionStart ?? text.length);
    }
    setSelected(command);
    setMenu(null);
  };

  const onChange = (value: string, caret: number) => {
    setText(value);
    const token = commands.length ? slashTokenAt(value, caret) : null;
    setMenu(token ? { token, active: 0 } : null);
  };

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
    if (menu && menuOpen) {
      const last = shown.length - 1;
      const move = (active: number) => {
        event.preventDefault();
        setMenu({ ...menu, active });
      };
      if (event.key === 'ArrowDown') return move(menu.active >= last ? 0 : menu.active + 1);
      if (event.key === 'ArrowUp') return move(menu.active <= 0 ? last : menu.active - 1);
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        pick(shown[Math.min(menu.active, last)]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setMenu(null);
        return;
      }
    }
    if (event.key === 'Backspace' && chosen && el.selectionStart === 0 && el.selectionEnd === 0) {
      event.preventDefault();
      setSelected(undefined);
      return;
    }
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
      aria-label={t('chat.input.composer')}
    >
      {children}
      {menuOpen && menu && <CommandMenu id={menuId} commands={shown} active={Math.min(menu.active, shown.length - 1)} onPick={pick} onActive={(active) => setMenu({ ...menu, active })} />}
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
            <button type="button" className="icon-button" aria-label={t('chat.input.attach')} title={t('chat.input.attach')} onClick={() => fileInput.current?.click()} data-testid="upload-button">
              <Paperclip size={18} aria-hidden="true" />
            </button>
          </>
        )}
        {pickerCommands.length > 0 && (
          <button
            type="button"
            className={`icon-button${menu && !menu.token ? ' active' : ''}`}
            aria-label={t('chat.commands.label')}
            title={t('chat.commands.label')}
            aria-haspopup="listbox"
            aria-expanded={!!menu && !menu.token}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              setMenu(menu && !menu.token ? null : { token: null, active: 0 });
              textarea.current?.focus();
            }}
            data-testid="command-picker"
          >
            <SquareSlash size={18} aria-hidden="true" />
          </button>
        )}
        {tools}
        {chosen && (
          <span className="command-chip" data-testid="selected-command">
            <CommandIcon name={chosen.icon} size={14} />
            <span>{chosen.id}</span>
            <button type="button" className="chip-remove" aria-label={t('chat.commands.remove', { id: chosen.id })} onClick={() => setSelected(undefined)}>
              <X size={12} aria-hidden="true" />
            </button>
          </span>
        )}
        <textarea
          ref={textarea}
          id="chat-input"
          className="composer-input"
          rows={1}
          value={text}
          placeholder={placeholder ?? t('chat.input.placeholder')}
          aria-label={t('chat.input.label')}
          aria-autocomplete={commands.length ? 'list' : undefined}
          aria-controls={menuOpen ? menuId : undefined}
          aria-activedescendant={menuOpen && menu ? `${menuId}-${Math.min(menu.active, shown.length - 1)}` : undefined}
          autoFocus
          onChange={(e) => onChange(e.target.value, e.target.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => setMenu(null)}
        />
        {loading ? (
          <button type="button" className="icon-button stop-button" aria-label={t('chat.input.stop')} title={t('chat.input.stop')} onClick={onStop} data-testid="stop-button">
            <Square size={16} aria-hidden="true" />
          </button>
        ) : (
          <button type="submit" className="icon-button send-button" aria-label={t('chat.input.send')} title={t('chat.input.sendTitle')} disabled={!canSubmit || (!text.trim() && !chosen)} data-testid="send-button">
            <ArrowUp size={18} aria-hidden="true" />
          </button>
        )}
      </div>
      {buttonCommands.length > 0 && (
        <div className="composer-tools">
          <CommandButtons commands={buttonCommands} selected={chosen?.id} onToggle={(c) => setSelected(chosen?.id === c.id ? undefined : c)} />
        </div>
      )}
    </form>
  );
}
