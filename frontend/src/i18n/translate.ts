/**
 * The UI's strings: nested JSON objects of strings (`{"chat": {"input": {"placeholder": …}}}`),
 * looked up by dotted keys (`chat.input.placeholder`). `{{name}}` is replaced by the value
 * given for `name`. With a numeric `count`, the key's plural form for the language is tried
 * first (`key_one`, `key_other`, … from Intl.PluralRules), then the key itself.
 */
export interface Translation {
  [key: string]: string | Translation;
}

export type Vars = Record<string, string | number>;
export type TFunction = (key: string, vars?: Vars) => string;

/** The string at a dotted key, or undefined (also when the key names a group). */
export function lookup(translation: Translation, key: string): string | undefined {
  let node: string | Translation | undefined = translation;
  for (const part of key.split('.')) {
    if (!node || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

function pluralRules(language: string): Intl.PluralRules {
  try {
    return new Intl.PluralRules(language);
  } catch {
    return new Intl.PluralRules('en-US');
  }
}

/**
 * A translate function over `layers`, the first that has a key winning (the server's merged
 * strings, then the English bundled with the UI). A key found nowhere is returned as it is, so
 * a missing string shows, and a test can catch it.
 */
export function createT(language: string, layers: Translation[]): TFunction {
  const rules = pluralRules(language);
  const find = (key: string): string | undefined => {
    for (const layer of layers) {
      const hit = lookup(layer, key);
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
  return (key, vars) => {
    const count = vars?.count;
    const plural = typeof count === 'number' ? find(`${key}_${rules.select(count)}`) ?? find(`${key}_other`) : undefined;
    return interpolate(plural ?? find(key) ?? key, vars);
  };
}
