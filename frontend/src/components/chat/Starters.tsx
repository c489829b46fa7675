import type { IStarter } from '@chainlit/react-client';

import { useTranslation } from '../../i18n/I18nProvider';
import { withRootPath } from '../../lib/rootPath';

function starterIcon(icon: string | undefined): string | undefined {
  if (!icon) return undefined;
  return /^(https?:|data:)/.test(icon) ? icon : withRootPath(icon);
}

/** Suggested first messages (config or chat profile `starters`). */
export function Starters({ starters, onPick, disabled }: { starters: IStarter[]; onPick: (s: IStarter) => void; disabled: boolean }) {
  const { t } = useTranslation();
  if (starters.length === 0) return null;
  return (
    <div className="starters" role="list" aria-label={t('chat.suggestions')}>
      {starters.map((starter) => (
        <div role="listitem" key={starter.label}>
          <button type="button" className="starter" disabled={disabled} onClick={() => onPick(starter)} data-testid="starter">
            {starter.icon && <img src={starterIcon(starter.icon)} alt="" aria-hidden="true" />}
            <span>{starter.label}</span>
          </button>
        </div>
      ))}
    </div>
  );
}
