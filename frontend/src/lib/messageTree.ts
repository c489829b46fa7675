import type { IStep } from '@chainlit/react-client';

/** The run steps the server wraps hooks in; they are structure, not content (spec B.2). */
export const RUN_WRAPPER_NAMES = ['on_chat_start', 'on_message', 'on_audio_end'] as const;

export type ChainOfThought = 'hidden' | 'tool_call' | 'full';

export type RenderItem =
  | { kind: 'message'; step: IStep; scorable: boolean }
  | { kind: 'step'; step: IStep; children: RenderItem[] };

export function isMessageStep(step: IStep): boolean {
  return step.type === 'user_message' || step.type === 'assistant_message' || step.type === 'system_message';
}

export function isRunWrapper(step: IStep): boolean {
  return step.type === 'run' && (RUN_WRAPPER_NAMES as readonly string[]).includes(step.name);
}

function isStepVisible(step: IStep, cot: ChainOfThought): boolean {
  if (step.isError) return true;
  if (cot === 'full') return true;
  if (cot === 'tool_call') return step.type === 'tool';
  return false;
}

/**
 * Turns the nested step tree kept by @chainlit/react-client into what the chat shows:
 * - run wrappers (on_message, ...) disappear and their children take their place;
 * - a message is shown, and the steps nested under it follow it at the same level;
 * - a visible step is a collapsible block holding its children;
 * - a hidden step (per `ui.cot`) disappears, but messages inside it are still shown.
 * Messages answering a user (inside on_message) are "scorable": they get feedback buttons.
 */
export function buildRenderItems(
  steps: IStep[] | undefined,
  cot: ChainOfThought,
  insideOnMessage = false
): RenderItem[] {
  const items: RenderItem[] = [];
  for (const step of steps ?? []) {
    if (isRunWrapper(step) && !step.isError) {
      items.push(...buildRenderItems(step.steps, cot, step.name === 'on_message' || insideOnMessage));
    } else if (isMessageStep(step)) {
      items.push({
        kind: 'message',
        step,
        scorable: insideOnMessage && step.type === 'assistant_message'
      });
      items.push(...buildRenderItems(step.steps, cot, insideOnMessage));
    } else if (isStepVisible(step, cot)) {
      items.push({ kind: 'step', step, children: buildRenderItems(step.steps, cot, insideOnMessage) });
    } else {
      items.push(...buildRenderItems(step.steps, cot, insideOnMessage));
    }
  }
  return items;
}

/** True while a step has started and not ended (no `end`, no error). */
export function isStepRunning(step: IStep, loading: boolean): boolean {
  return loading && !!step.start && !step.end && !step.isError;
}

/** Depth-first search for a step by id. */
export function findStep(steps: IStep[] | undefined, id: string): IStep | undefined {
  for (const step of steps ?? []) {
    if (step.id === id) return step;
    const inner = findStep(step.steps, id);
    if (inner) return inner;
  }
  return undefined;
}

/** The last message item of a render list (where the "thinking" indicator belongs). */
export function lastMessageItem(items: RenderItem[]): RenderItem | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    if (items[i].kind === 'message') return items[i];
  }
  return undefined;
}
