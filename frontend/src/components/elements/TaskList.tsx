import type { ITasklistElement } from '@chainlit/react-client';
import { CheckCircle2, Circle, Loader2, XCircle } from 'lucide-react';

import { useFetched } from '../../hooks/useFetched';
import { useTranslation } from '../../i18n/I18nProvider';

interface TaskListContent {
  status?: string;
  tasks?: { title: string; status: 'ready' | 'running' | 'failed' | 'done'; forId?: string }[];
}

const STATUS_ICONS = {
  ready: <Circle size={16} aria-hidden="true" />,
  running: <Loader2 size={16} className="spin" aria-hidden="true" />,
  failed: <XCircle size={16} aria-hidden="true" />,
  done: <CheckCircle2 size={16} aria-hidden="true" />
};

/** A tasklist element: its JSON (status + tasks) is fetched from the element URL. */
export function TaskList({ element }: { element: ITasklistElement }) {
  const { data } = useFetched<TaskListContent>(element.url, 'json');
  const { t } = useTranslation();
  if (!data) return null;
  const tasks = data.tasks ?? [];
  return (
    <section className="task-list" aria-label={t('elements.tasks')}>
      <header>
        <strong>{t('elements.tasks')}</strong>
        {data.status && <span className="muted">{data.status}</span>}
      </header>
      <ol>
        {tasks.map((task, index) => (
          <li key={index} className={`task ${task.status}`}>
            {STATUS_ICONS[task.status] ?? STATUS_ICONS.ready}
            <span>{task.title}</span>
            <span className="sr-only">({t(`elements.taskStatus.${task.status}`)})</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
