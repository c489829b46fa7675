import { sideViewState, useChatData } from '@chainlit/react-client';
import { X } from 'lucide-react';
import { useRecoilState } from 'recoil';

import { useTranslation } from '../../i18n/I18nProvider';
import { ElementView } from './ElementView';
import { TaskList } from './TaskList';

/** The right-hand panel: elements shown "side" (or set by set_sidebar_elements), and task lists. */
export function SideView() {
  const [sideView, setSideView] = useRecoilState(sideViewState);
  const { t } = useTranslation();
  const { tasklists } = useChatData();
  const latestTasklist = tasklists[tasklists.length - 1];
  if (!sideView && !latestTasklist) return null;

  return (
    <aside className="side-view" aria-label={sideView?.title || t('elements.sidePanel')}>
      {latestTasklist && <TaskList key={latestTasklist.id + (latestTasklist.url ?? '')} element={latestTasklist} />}
      {sideView && (
        <section className="side-elements">
          <header className="side-header">
            <h2>{sideView.title}</h2>
            <button type="button" className="icon-button" aria-label={t('elements.closeSidePanel')} onClick={() => setSideView(undefined)}>
              <X size={18} aria-hidden="true" />
            </button>
          </header>
          {sideView.elements.map((element) => (
            <div key={element.id} className="side-element">
              <ElementView element={element} />
            </div>
          ))}
        </section>
      )}
    </aside>
  );
}
