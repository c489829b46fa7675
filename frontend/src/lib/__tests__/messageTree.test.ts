import { nestMessages, type IStep } from '@chainlit/react-client';
import { describe, expect, it } from 'vitest';

import { buildRenderItems, findStep, type RenderItem } from '../messageTree';

function step(partial: Partial<IStep> & Pick<IStep, 'id' | 'type'>): IStep {
  return { name: partial.type, output: '', createdAt: '2025-01-01T00:00:00Z', ...partial };
}

/** A compact picture of the render list: "m:id" for messages, "s:id[...]" for steps. */
function shape(items: RenderItem[]): string[] {
  return items.map((item) =>
    item.kind === 'message' ? `m:${item.step.id}${item.scorable ? '*' : ''}` : `s:${item.step.id}[${shape(item.children).join(',')}]`
  );
}

// The canonical sequence of spec B.2: user message, on_message run, a tool step, the reply.
const flat: IStep[] = [
  step({ id: 'start', type: 'run', name: 'on_chat_start' }),
  step({ id: 'hello', type: 'assistant_message', parentId: 'start', output: 'Hi' }),
  step({ id: 'u1', type: 'user_message', output: 'question' }),
  step({ id: 'run1', type: 'run', name: 'on_message', parentId: 'u1' }),
  step({ id: 'tool1', type: 'tool', name: 'search', parentId: 'run1' }),
  step({ id: 'llm1', type: 'llm', name: 'gpt', parentId: 'tool1' }),
  step({ id: 'a1', type: 'assistant_message', parentId: 'run1', output: 'answer' })
];

describe('buildRenderItems', () => {
  const tree = nestMessages(flat);

  it('flattens run wrappers and nests steps (cot full)', () => {
    expect(shape(buildRenderItems(tree, 'full'))).toEqual(['m:hello', 'm:u1', 's:tool1[s:llm1[]]', 'm:a1*']);
  });

  it('only keeps tool steps with cot tool_call', () => {
    expect(shape(buildRenderItems(tree, 'tool_call'))).toEqual(['m:hello', 'm:u1', 's:tool1[]', 'm:a1*']);
  });

  it('hides steps but keeps messages with cot hidden', () => {
    expect(shape(buildRenderItems(tree, 'hidden'))).toEqual(['m:hello', 'm:u1', 'm:a1*']);
  });

  it('shows messages nested inside hidden steps', () => {
    const nested = nestMessages([
      step({ id: 'u', type: 'user_message' }),
      step({ id: 'r', type: 'run', name: 'on_message', parentId: 'u' }),
      step({ id: 't', type: 'tool', parentId: 'r' }),
      step({ id: 'm', type: 'assistant_message', parentId: 't' })
    ]);
    expect(shape(buildRenderItems(nested, 'hidden'))).toEqual(['m:u', 'm:m*']);
  });

  it('always shows failed steps, even a failed run wrapper', () => {
    const nested = nestMessages([
      step({ id: 'u', type: 'user_message' }),
      step({ id: 'r', type: 'run', name: 'on_message', parentId: 'u', isError: true, output: 'boom' }),
      step({ id: 'x', type: 'llm', parentId: 'u', isError: true })
    ]);
    expect(shape(buildRenderItems(nested, 'hidden'))).toEqual(['m:u', 's:r[]', 's:x[]']);
  });

  it('finds nested steps by id', () => {
    expect(findStep(tree, 'llm1')?.name).toBe('gpt');
    expect(findStep(tree, 'missing')).toBeUndefined();
  });
});
