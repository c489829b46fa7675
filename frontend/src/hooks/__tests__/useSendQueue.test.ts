import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { useSendQueue } from '../useSendQueue';

describe('useSendQueue', () => {
  it('sends at once when connected', () => {
    const send = vi.fn();
    const { result } = renderHook(() => useSendQueue<string>(true, send));
    act(() => result.current.enqueue('hello'));
    expect(send).toHaveBeenCalledWith('hello');
    expect(result.current.queued).toEqual([]);
  });

  it('keeps what is submitted before the connection and sends it, in order, once connected', () => {
    const send = vi.fn();
    const { result, rerender } = renderHook(({ connected }) => useSendQueue<string>(connected, send), {
      initialProps: { connected: false }
    });
    act(() => result.current.enqueue('first'));
    act(() => result.current.enqueue('second'));
    expect(send).not.toHaveBeenCalled();
    expect(result.current.queued).toEqual(['first', 'second']);
    rerender({ connected: true });
    expect(send.mock.calls.map((c) => c[0])).toEqual(['first', 'second']);
    expect(result.current.queued).toEqual([]);
    // Sent once only, also when the connection drops and comes back.
    rerender({ connected: false });
    rerender({ connected: true });
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('uses the latest send function when it flushes', () => {
    const early = vi.fn();
    const late = vi.fn();
    const { result, rerender } = renderHook(({ connected, send }) => useSendQueue<string>(connected, send), {
      initialProps: { connected: false, send: early }
    });
    act(() => result.current.enqueue('x'));
    rerender({ connected: true, send: late });
    expect(early).not.toHaveBeenCalled();
    expect(late).toHaveBeenCalledWith('x');
  });
});
