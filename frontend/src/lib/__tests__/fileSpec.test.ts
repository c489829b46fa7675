import { describe, expect, it } from 'vitest';

import { acceptAttribute, checkFiles, mimeMatches } from '../fileSpec';

const file = (name: string, type: string, size = 10) => new File([new Uint8Array(size)], name, { type });

describe('file limits', () => {
  it('matches MIME patterns like fnmatch', () => {
    expect(mimeMatches('image/*', 'image/png')).toBe(true);
    expect(mimeMatches('image/*', 'text/plain')).toBe(false);
    expect(mimeMatches('*/*', 'application/pdf')).toBe(true);
  });

  it('builds the accept attribute from a list or a {mime: [ext]} map', () => {
    expect(acceptAttribute(['image/*', 'text/plain'])).toBe('image/*,text/plain');
    expect(acceptAttribute({ 'text/plain': ['.txt', '.py'] })).toBe('text/plain,.txt,.py');
    expect(acceptAttribute(['*/*'])).toBeUndefined();
  });

  it('rejects wrong types, big files and too many files', () => {
    const result = checkFiles(
      [file('a.png', 'image/png'), file('b.txt', 'text/plain'), file('c.png', 'image/png', 3 * 1024 * 1024), file('d.png', 'image/png')],
      { accept: ['image/*'], maxSizeMb: 2, maxFiles: 1 }
    );
    expect(result.accepted.map((f) => f.name)).toEqual(['a.png']);
    expect(result.errors).toHaveLength(3);
  });

  it('accepts by extension with a map spec', () => {
    const result = checkFiles([file('x.py', '')], { accept: { 'text/x-python': ['.py'] } });
    expect(result.accepted).toHaveLength(1);
  });
});
