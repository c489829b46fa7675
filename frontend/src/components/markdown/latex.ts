/**
 * LLMs often write \( … \) and \[ … \]; remark-math understands $ … $ and $$ … $$.
 * Code spans and fences are left alone.
 */
export function normalizeLatexDelimiters(markdown: string): string {
  const parts = markdown.split(/(```[\s\S]*?```|`[^`\n]*`)/g);
  return parts
    .map((part, index) => {
      if (index % 2 === 1) return part;
      return part
        .replace(/\\\[([\s\S]*?)\\\]/g, (_, math: string) => `$$${math}$$`)
        .replace(/\\\(([\s\S]*?)\\\)/g, (_, math: string) => `$${math}$`);
    })
    .join('');
}
