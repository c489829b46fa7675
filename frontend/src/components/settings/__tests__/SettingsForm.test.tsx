import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { defaultValues, mergeValues, toTabs, type SettingsValues, type SettingsWidget } from '../../../lib/chatSettings';
import { SettingsForm } from '../SettingsForm';

const widgets: SettingsWidget[] = [
  { type: 'switch', id: 'stream', label: 'Stream', initial: true, description: 'Stream tokens' },
  { type: 'checkbox', id: 'verbose', label: 'Verbose', initial: false },
  { type: 'slider', id: 'temperature', label: 'Temperature', initial: 1, min: 0, max: 2, step: 0.1 },
  { type: 'select', id: 'model', label: 'Model', initial: 'a', items: [{ label: 'Model A', value: 'a' }, { label: 'Model B', value: 'b' }] },
  { type: 'multiselect', id: 'tools', label: 'Tools', initial: ['web'], items: [{ label: 'Web', value: 'web' }, { label: 'Code', value: 'code' }] },
  { type: 'radio', id: 'tone', label: 'Tone', initial: 'calm', items: [{ label: 'Calm', value: 'calm' }, { label: 'Bold', value: 'bold' }] },
  { type: 'textinput', id: 'system', label: 'System prompt', initial: '', multiline: true },
  { type: 'numberinput', id: 'max_tokens', label: 'Max tokens', initial: 100 },
  { type: 'tags', id: 'stop', label: 'Stop words', initial: ['END'] },
  { type: 'datepicker', id: 'since', label: 'Since', initial: '2024-05-01' }
];

let lastValues: SettingsValues = {};

function Harness({ inputs = widgets as unknown }: { inputs?: unknown }) {
  const [values, setValues] = useState(() => defaultValues(inputs));
  lastValues = values;
  return <SettingsForm tabs={toTabs(inputs)} values={values} onChange={(id, value) => setValues((prev) => ({ ...prev, [id]: value }))} />;
}

describe('SettingsForm', () => {
  it('renders every widget type of spec B.3 with its initial value', () => {
    render(<Harness />);
    expect(screen.getByRole('switch', { name: 'Stream' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Verbose' })).not.toBeChecked();
    expect(screen.getByRole('slider', { name: 'Temperature' })).toHaveValue('1');
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveValue('a');
    expect(screen.getByRole('checkbox', { name: 'Web' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Calm' })).toBeChecked();
    expect(screen.getByRole('textbox', { name: 'System prompt' }).tagName).toBe('TEXTAREA');
    expect(screen.getByRole('spinbutton', { name: 'Max tokens' })).toHaveValue(100);
    expect(screen.getByText('END')).toBeInTheDocument();
    expect(screen.getByLabelText('Since')).toHaveValue('2024-05-01');
    expect(screen.getByText('Stream tokens')).toBeInTheDocument();
  });

  it('reports edits with the right value types', async () => {
    render(<Harness />);
    await userEvent.click(screen.getByRole('switch', { name: 'Stream' }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Model' }), 'b');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Code' }));
    await userEvent.click(screen.getByRole('radio', { name: 'Bold' }));
    const tokens = screen.getByRole('spinbutton', { name: 'Max tokens' });
    await userEvent.clear(tokens);
    await userEvent.type(tokens, '256');
    const tags = screen.getByRole('textbox', { name: 'Stop words' });
    await userEvent.type(tags, 'STOP{Enter}');
    expect(lastValues).toMatchObject({ stream: false, model: 'b', tools: ['web', 'code'], tone: 'bold', max_tokens: 256, stop: ['END', 'STOP'] });
  });

  it('shows tabs and switches between them', async () => {
    const tabs = [
      { id: 'llm', label: 'LLM', inputs: [widgets[0]] },
      { id: 'ui', label: 'Display', inputs: [widgets[1]] }
    ];
    render(<Harness inputs={tabs} />);
    expect(screen.getByRole('tab', { name: 'LLM' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.queryByRole('checkbox', { name: 'Verbose' })).toBeNull();
    await userEvent.click(screen.getByRole('tab', { name: 'Display' }));
    expect(screen.getByRole('checkbox', { name: 'Verbose' })).toBeInTheDocument();
  });
});

describe('chat settings values', () => {
  it('reads defaults from tabs too and overlays current values', () => {
    const tabs = [{ id: 't', label: 'T', inputs: [widgets[0], widgets[3]] }];
    expect(defaultValues(tabs)).toEqual({ stream: true, model: 'a' });
    expect(mergeValues(tabs, { model: 'b', unknown: 1 })).toEqual({ stream: true, model: 'b' });
  });
});
