import type { IStarter } from '@chainlit/react-client';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { Starters, starterCategoriesOf, type IStarterCategory } from '../Starters';

const plain: IStarter[] = [
  { label: 'Say hello', message: 'Hello!' },
  { label: 'Plan', message: 'Make a plan' }
];

const categories: IStarterCategory[] = [
  {
    label: 'Writing',
    icon: 'https://example.com/pen.svg',
    starters: [
      { label: 'Draft an email', message: 'Write an email to my team' },
      { label: 'Summarise', message: 'Summarise this', command: 'Summary', icon: '/public/sum.svg' }
    ]
  },
  { label: 'Code', icon: '/public/code.svg', starters: [{ label: 'Explain a regex', message: 'What does ^a+$ match?' }] }
];

function setup(props: { categories?: IStarterCategory[]; starters?: IStarter[]; disabled?: boolean } = {}) {
  const onPick = vi.fn();
  const { container } = render(
    <Starters starters={props.starters ?? plain} categories={props.categories} onPick={onPick} disabled={props.disabled ?? false} />
  );
  return { onPick, container };
}

const starterNames = () => screen.queryAllByTestId('starter').map((b) => b.textContent);

describe('Starters', () => {
  it('shows one toggle button per category, with its icon, and no starters until one is chosen', () => {
    const { container } = setup({ categories });
    const group = screen.getByRole('group', { name: 'Suggestion categories' });
    const writing = within(group).getByRole('button', { name: 'Writing' });
    const code = within(group).getByRole('button', { name: 'Code' });
    expect(writing).toHaveAttribute('aria-pressed', 'false');
    expect(code).toHaveAttribute('aria-pressed', 'false');
    // Icons as for starters: URLs as they are, names under the root path; decoration only.
    const icons = Array.from(container.querySelectorAll('.starter-category img')).map((i) => i.getAttribute('src'));
    expect(icons).toEqual(['https://example.com/pen.svg', '/public/code.svg']);
    expect(writing.querySelector('img')).toHaveAttribute('alt', '');
    // The categories replace the plain starters.
    expect(starterNames()).toEqual([]);
  });

  it("shows the chosen category's starters, switches to another, and hides them when chosen again", async () => {
    setup({ categories });
    const writing = screen.getByRole('button', { name: 'Writing' });
    const code = screen.getByRole('button', { name: 'Code' });

    await userEvent.click(writing);
    expect(writing).toHaveAttribute('aria-pressed', 'true');
    const list = screen.getByRole('list', { name: 'Suggestions: Writing' });
    expect(within(list).getAllByRole('button').map((b) => b.textContent)).toEqual(['Draft an email', 'Summarise']);
    expect(list.querySelector('img')).toHaveAttribute('src', '/public/sum.svg');

    await userEvent.click(code);
    expect(code).toHaveAttribute('aria-pressed', 'true');
    expect(writing).toHaveAttribute('aria-pressed', 'false');
    expect(starterNames()).toEqual(['Explain a regex']);
    expect(screen.getByRole('list', { name: 'Suggestions: Code' })).toBeInTheDocument();

    await userEvent.click(code);
    expect(code).toHaveAttribute('aria-pressed', 'false');
    expect(starterNames()).toEqual([]);
  });

  it("hands a category's starter to onPick, message and command included", async () => {
    const { onPick } = setup({ categories });
    await userEvent.click(screen.getByRole('button', { name: 'Writing' }));
    await userEvent.click(screen.getByRole('button', { name: 'Summarise' }));
    expect(onPick).toHaveBeenCalledExactlyOnceWith(categories[0].starters[1]);
  });

  it('keeps the category buttons usable while the starters wait for the connection', async () => {
    const { onPick } = setup({ categories, disabled: true });
    await userEvent.click(screen.getByRole('button', { name: 'Code' }));
    const starter = screen.getByRole('button', { name: 'Explain a regex' });
    expect(starter).toBeDisabled();
    await userEvent.click(starter);
    expect(onPick).not.toHaveBeenCalled();
  });

  it('shows the plain starters when there are no categories', async () => {
    const { onPick } = setup({ categories: [] });
    expect(screen.queryByRole('group', { name: 'Suggestion categories' })).toBeNull();
    expect(within(screen.getByRole('list', { name: 'Suggestions' })).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Say hello',
      'Plan'
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Say hello' }));
    expect(onPick).toHaveBeenCalledExactlyOnceWith(plain[0]);
  });

  it('reads starterCategories from a settings answer, an empty list when absent', () => {
    expect(starterCategoriesOf({ starterCategories: categories })).toBe(categories);
    expect(starterCategoriesOf({ starters: plain })).toEqual([]);
    expect(starterCategoriesOf(undefined)).toEqual([]);
  });
});
