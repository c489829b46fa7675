import type { ICommand } from '@chainlit/react-client';

import { useTranslation } from '../../i18n/I18nProvider';
import { CommandIcon } from './CommandIcon';

interface Props {
  id: string;
  commands: ICommand[];
  active: number;
  onPick: (command: ICommand) => void;
  onActive: (index: number) => void;
}

/**
 * The command picker above the composer: a listbox the text box drives (aria-activedescendant),
 * so the focus stays where the user types. Mouse picks keep the focus there too.
 */
export function CommandMenu({ id, commands, active, onPick, onActive }: Props) {
  const { t } = useTranslation();
  return (
    <ul className="command-menu" role="listbox" id={id} aria-label={t('chat.commands.label')} data-testid="command-menu">
      {commands.map((command, i) => (
        <li
          key={command.id}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          onMouseDown={(e) => e.preventDefault()}
          onMouseEnter={() => onActive(i)}
          onClick={() => onPick(command)}
        >
          <CommandIcon name={command.icon} size={18} />
          <span className="command-text">
            <span className="command-id">{command.id}</span>
            {command.description && <span className="command-description muted">{command.description}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The commands marked `button`: toggles in the composer; the pressed one goes with the message. */
export function CommandButtons({ commands, selected, onToggle, disabled }: { commands: ICommand[]; selected?: string; onToggle: (command: ICommand) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  if (commands.length === 0) return null;
  return (
    <div className="command-buttons" role="group" aria-label={t('chat.commands.buttons')}>
      {commands.map((command) => (
        <button
          key={command.id}
          type="button"
          className={`command-button${selected === command.id ? ' active' : ''}`}
          aria-pressed={selected === command.id}
          title={command.description}
          disabled={disabled}
          onClick={() => onToggle(command)}
          data-testid="command-button"
        >
          <CommandIcon name={command.icon} />
          <span>{command.id}</span>
        </button>
      ))}
    </div>
  );
}
