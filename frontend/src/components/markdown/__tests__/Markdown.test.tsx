import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { Markdown } from '../Markdown';
import { normalizeLatexDelimiters } from '../latex';
import { loadHighlight, loadKatex, preloadPlugins } from '../useLazyPlugins';

describe('Markdown', () => {
  it('renders GFM tables inside a scrollable region', () => {
    render(<Markdown content={'| a | b |\n|---|---|\n| 1 | 2 |'} />);
    const region = screen.getByRole('region', { name: 'Table' });
    const table = within(region).getByRole('table');
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['a', 'b']);
    expect(within(table).getAllByRole('cell').map((td) => td.textContent)).toEqual(['1', '2']);
  });

  it('renders strikethrough and task lists (GFM)', () => {
    const { container } = render(<Markdown content={'~~gone~~\n\n- [x] done'} />);
    expect(container.querySelector('del')?.textContent).toBe('gone');
    expect(container.querySelector('input[type="checkbox"]')).toBeChecked();
  });

  it('highlights fenced code and copies its exact text', async () => {
    await preloadPlugins(loadHighlight);
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { container } = render(<Markdown content={'```python\nprint("hi")\n```'} />);
    await waitFor(() => expect(container.querySelector('code.hljs')).not.toBeNull());
    expect(screen.getByText('python')).toBeInTheDocument();
    expect(container.querySelector('.hljs-built_in, .hljs-string')).not.toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Copy code' }));
    expect(writeText).toHaveBeenCalledWith('print("hi")');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Copied' })).toBeInTheDocument());
  });

  it('renders LaTeX with KaTeX when enabled', async () => {
    await preloadPlugins(loadKatex);
    const { container } = render(<Markdown content={'Euler: $e^{i\\pi}+1=0$'} latex />);
    await waitFor(() => expect(container.querySelector('.katex')).not.toBeNull());
  });

  it('leaves dollar signs alone when LaTeX is off', () => {
    const { container } = render(<Markdown content={'costs $5 and $10'} />);
    expect(container.querySelector('.katex')).toBeNull();
    expect(container.textContent).toContain('costs $5 and $10');
  });

  it('opens external links in a new tab safely', () => {
    render(<Markdown content={'[site](https://example.com)'} />);
    const link = screen.getByRole('link', { name: 'site' });
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });

  it('does not render raw HTML', () => {
    const { container } = render(<Markdown content={'<img src=x onerror="alert(1)">'} />);
    expect(container.querySelector('img')).toBeNull();
  });
});

describe('normalizeLatexDelimiters', () => {
  it('turns \\( \\) and \\[ \\] into dollars outside code', () => {
    expect(normalizeLatexDelimiters('a \\(x\\) b \\[y\\]')).toBe('a $x$ b $$y$$');
    expect(normalizeLatexDelimiters('`\\(x\\)`')).toBe('`\\(x\\)`');
  });
});
