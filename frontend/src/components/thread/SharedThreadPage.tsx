import { useParams } from 'react-router-dom';

import { Logo } from '../layout/Logo';
import { ThemeToggle } from '../layout/ThemeToggle';
import { ReadOnlyThread } from './ReadOnlyThread';

/** `/share/:id`: a thread someone shared, read-only. */
export function SharedThreadPage() {
  const { threadId } = useParams();
  return (
    <div className="app-layout shared">
      <div className="main-column">
        <header className="app-header">
          <Logo className="header-logo" />
          <div className="header-spacer" />
          <ThemeToggle />
        </header>
        <main className="main-content">{threadId && <ReadOnlyThread threadId={threadId} source="share" />}</main>
      </div>
    </div>
  );
}
