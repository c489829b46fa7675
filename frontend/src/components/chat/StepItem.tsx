import type { IStep } from '@chainlit/react-client';
import { AlertCircle, ChevronRight, Loader2 } from 'lucide-react';
import { memo, useEffect, useId, useRef, useState, type ReactNode } from 'react';

import { useTranslation } from '../../i18n/I18nProvider';
import { formatDuration } from '../../lib/format';
import { isStepRunning } from '../../lib/messageTree';
import { Markdown } from '../markdown/Markdown';
import { ActionButtons } from './ActionButtons';
import { CommandIcon } from './CommandIcon';
import { useChatContext } from './ChatContext';
import { MessageContent } from './MessageContent';

function inputLanguage(showInput: IStep['showInput']): string {
  return typeof showInput === 'string' ? showInput : 'json';
}

/** Fields of Chainlit 2.x steps that react-client 0.3.0's IStep does not declare yet. */
type Step2 = IStep & { autoCollapse?: boolean; tags?: string[] | null };

interface Props {
  step: IStep;
  children?: ReactNode;
}

/**
 * Steps the user opened or closed, by id: a long thread is virtualised (MessageList), so a step
 * scrolled far away unmounts, and it comes back as the user left it.
 */
const toggledSteps = new Map<string, boolean>();

/** A chain-of-thought step: a disclosure button, then input, output and nested steps. */
export const StepItem = memo(function StepItem({ step, children }: Props) {
  const { loading } = useChatContext();
  const { t } = useTranslation();
  const running = isStepRunning(step, loading) || !!step.streaming;
  const { autoCollapse, tags } = step as Step2;
  const icon = typeof step.metadata?.icon === 'string' ? (step.metadata.icon as string) : undefined;
  // auto_collapse: open while it runs, closed once it ends, unless the user chose.
  const [open, setOpen] = useState<boolean>(
    () => toggledSteps.get(step.id) ?? (!!step.defaultOpen || !!step.isError || (!!autoCollapse && running))
  );
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running && autoCollapse && !step.isError && !toggledSteps.has(step.id)) setOpen(false);
    wasRunning.current = running;
  }, [running, autoCollapse, step.isError, step.id]);
  const bodyId = useId();
  const showInput = step.showInput !== false && !!step.input;
  const duration = formatDuration(step.start, step.end);
  const verb = step.isError ? t('chat.step.errorIn') : running ? t('chat.step.using') : t('chat.step.used');

  return (
    <section className={`step${step.isError ? ' is-error' : ''}${running ? ' running' : ''}`} data-step-id={step.id} data-testid="step">
      <button
        type="button"
        className="step-toggle"
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={() => {
          toggledSteps.set(step.id, !open);
          setOpen(!open);
        }}
      >
        <ChevronRight size={14} className={`chevron${open ? ' open' : ''}`} aria-hidden="true" />
        {running && <Loader2 size={14} className="spin" aria-hidden="true" />}
        {step.isError && <AlertCircle size={14} aria-hidden="true" />}
        {icon && !running && !step.isError && (
          <span className="step-icon" data-testid="step-icon" data-icon={icon}>
            <CommandIcon name={icon} size={14} />
          </span>
        )}
        <span>
          {verb} <strong>{step.name}</strong>
        </span>
        {tags && tags.length > 0 && (
          <span className="step-tags">
            {tags.map((tag) => (
              <span key={tag} className="step-tag" data-testid="step-tag">
                {tag}
              </span>
            ))}
          </span>
        )}
        {duration && !running && <span className="muted duration">{duration}</span>}
      </button>
      {open && (
        <div className="step-body" id={bodyId}>
          {showInput && (
            <div className="step-section">
              <div className="step-label">{t('chat.step.input')}</div>
              <Markdown content={`\`\`\`${inputLanguage(step.showInput)}\n${step.input}\n\`\`\``} />
            </div>
          )}
          {(step.output || step.streaming) && (
            <div className="step-section">
              <div className="step-label">{step.isError ? t('chat.step.error') : t('chat.step.output')}</div>
              <MessageContent step={step} />
            </div>
          )}
          <ActionButtons forId={step.id} />
          {children}
        </div>
      )}
    </section>
  );
});
