const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Splits markdown into top-level blocks at blank lines, so a streaming message re-renders only
 * its last block: the ones before it no longer change. It never splits inside a fenced code
 * block or a `$$` math block, nor before an indented line (a list item's or a quote's
 * continuation). Joining the blocks with "\n\n" gives back the text up to blank-line runs.
 * Used while streaming only: the finished message is rendered whole, so constructs that span
 * blocks (reference links, footnotes) come out right in the end.
 */
export function splitMarkdownBlocks(text: string): string[] {
  const lines = text.split('\n');
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | undefined;
  let math = false;
  let blankPending = false;

  const close = () => {
    if (current.length) blocks.push(current.join('\n'));
    current = [];
  };

  for (const line of lines) {
    const isBlank = line.trim() === '';
    if (!fence && !math) {
      if (isBlank) {
        blankPending = current.length > 0;
        continue;
      }
      if (blankPending) {
        blankPending = false;
        if (/^[ \t]/.test(line)) current.push('');
        else close();
      }
    }
    current.push(line);
    const open = FENCE.exec(line);
    if (fence) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length && line.trim() === open[1]) fence = undefined;
    } else if (math) {
      if (line.trim() === '$$') math = false;
    } else if (open) {
      fence = open[1];
    } else if (line.trim() === '$$') {
      math = true;
    }
  }
  close();
  return blocks;
}
