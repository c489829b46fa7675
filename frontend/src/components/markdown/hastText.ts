/** Minimal structural view of a hast node, enough to collect its text. */
interface HastLike {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastLike[];
}

export function hastText(node: HastLike | undefined): string {
  if (!node) return '';
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(hastText).join('');
}

/** "python" from a <code class="hljs language-python"> child of <pre>. */
export function codeLanguage(pre: HastLike | undefined): string | undefined {
  const code = pre?.children?.find((child) => child.tagName === 'code');
  const classes = code?.properties?.className;
  const list = Array.isArray(classes) ? classes.map(String) : typeof classes === 'string' ? classes.split(' ') : [];
  const languageClass = list.find((c) => c.startsWith('language-'));
  return languageClass?.slice('language-'.length);
}
