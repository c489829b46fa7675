import type { IStarter } from '@chainlit/react-client';
import { useState } from 'react';

import { useTranslation } from '../../i18n/I18nProvider';
import { withRootPath } from '../../lib/rootPath';

/**
 * Chainlit 2.x's `IStarterCategory` (`config.starterCategories`, spec C.2.1): starters grouped
 * under a label. @chainlit/react-client 0.3.0 predates it, so it is declared here.
 */
export interface IStarterCategory {
  label: string;
  icon?: string;
  starters: IStarter[];
}

/** The `starterCategories` of a `/project/settings` answer (absent from 0.3.0's config type). */
export function starterCategoriesOf(config: unknown): IStarterCategory[] {
  const list = (config as { starterCategories?: IStarterCategory[] } | undefined)?.starterCategories;
  return Array.isArray(list) ? list : [];
}

function starterIcon(icon: string | undefined): string | undefined {
  if (!icon) return undefined;
  return /^(https?:|data:)/.test(icon) ? icon : withRootPath(icon);
}

/** A starter's or a category's icon: decoration, the button's name is its label. */
function StarterIcon({ icon }: { icon: string | undefined }) {
  return icon ? <img src={starterIcon(icon)} alt="" aria-hidden="true" /> : null;
}

interface StarterListProps {
  starters: IStarter[];
  onPick: (s: IStarter) => void;
  disabled: boolean;
  label: string;
}

function StarterList({ starters, onPick, disabled, label }: StarterListProps) {
  if (starters.length === 0) return null;
  return (
    <div className="starters" role="list" aria-label={label}>
      {starters.map((starter) => (
        <div role="listitem" key={starter.label}>
          <button type="button" className="starter" disabled={disabled} onClick={() => onPick(starter)} data-testid="starter">
            <StarterIcon icon={starter.icon} />
            <span>{starter.label}</span>
          </button>
        </div>
      ))}
    </div>
  );
}

interface StartersProps {
  starters: IStarter[];
  /** When non-empty these show instead of `starters`, as in Chainlit 2.x. */
  categories?: IStarterCategory[];
  onPick: (s: IStarter) => void;
  disabled: boolean;
}

/**
 * Suggested first messages (config or chat profile `starters`), or, when the app groups them
 * (`starterCategories`), one toggle button per category that shows that category's starters:
 * none is chosen at first, choosing another switches, choosing the chosen one again hides them.
 */
export function Starters({ starters, categories = [], onPick, disabled }: StartersProps) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(null);
  if (categories.length === 0) {
    return <StarterList starters={starters} onPick={onPick} disabled={disabled} label={t('chat.suggestions')} />;
  }
  const category = categories.find((c) => c.label === chosen);
  return (
    <div className="starter-categories-area">
      <div className="starter-categories" role="group" aria-label={t('chat.starterCategories')}>
        {categories.map((c) => (
          <button
            type="button"
            key={c.label}
            className="starter-category"
            aria-pressed={c.label === chosen}
            onClick={() => setChosen((prev) => (prev === c.label ? null : c.label))}
            data-testid="starter-category"
          >
            <StarterIcon icon={c.icon} />
            <span>{c.label}</span>
          </button>
        ))}
      </div>
      {category && (
        <StarterList
          starters={category.starters ?? []}
          onPick={onPick}
          disabled={disabled}
          label={t('chat.categorySuggestions', { category: category.label })}
        />
      )}
    </div>
  );
}
