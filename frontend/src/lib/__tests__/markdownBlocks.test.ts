import { describe, expect, it } from 'vitest';

import { splitMarkdownBlocks } from '../markdownBlocks';

describe('splitMarkdownBlocks', () => {
  it('splits paragraphs at blank lines', () => {
    expect(splitMarkdownBlocks('one\ntwo\n\nthree\n\n\nfour')).toEqual(['one\ntwo', 'three', 'four']);
  });

  it('keeps a fenced code block with blank lines whole, even while it is still open', () => {
    const done = 'intro\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\nafter';
    expect(splitMarkdownBlocks(done)).toEqual(['intro', '```js\nconst a = 1;\n\nconst b = 2;\n```', 'after']);
    expect(splitMarkdownBlocks('intro\n\n~~~\nx\n\ny')).toEqual(['intro', '~~~\nx\n\ny']);
  });

  it('does not close a fence on a shorter or different fence', () => {
    expect(splitMarkdownBlocks('````\n```\n\nstill code\n````\n\nnext')).toEqual(['````\n```\n\nstill code\n````', 'next']);
  });

  it('keeps $$ math blocks and indented continuations with their block', () => {
    expect(splitMarkdownBlocks('$$\na\n\nb\n$$\n\ntext')).toEqual(['$$\na\n\nb\n$$', 'text']);
    expect(splitMarkdownBlocks('- item\n\n  more of it\n\nnext')).toEqual(['- item\n\n  more of it', 'next']);
  });

  it('gives nothing for empty text and ignores leading blank lines', () => {
    expect(splitMarkdownBlocks('')).toEqual([]);
    expect(splitMarkdownBlocks('\n\nfirst')).toEqual(['first']);
  });
});
