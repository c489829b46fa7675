import { useEffect, useState } from 'react';
import type { PluggableList } from 'unified';

type Loader = () => Promise<PluggableList>;

const loaded = new Map<Loader, PluggableList>();
const pending = new Map<Loader, Promise<PluggableList>>();

function load(loader: Loader): Promise<PluggableList> {
  let promise = pending.get(loader);
  if (!promise) {
    promise = loader().then((plugins) => {
      loaded.set(loader, plugins);
      return plugins;
    });
    pending.set(loader, promise);
  }
  return promise;
}

/** rehype plugins that live in their own chunk: undefined until loaded, then the plugins. */
export function useLazyPlugins(loader: Loader, enabled: boolean): PluggableList | undefined {
  const [plugins, setPlugins] = useState<PluggableList | undefined>(() => loaded.get(loader));
  useEffect(() => {
    if (!enabled || plugins) return;
    let cancelled = false;
    void load(loader).then((result) => !cancelled && setPlugins(result));
    return () => {
      cancelled = true;
    };
  }, [enabled, plugins, loader]);
  return enabled ? plugins : undefined;
}

/** Resolves when the plugins are loaded (used by tests to await highlighting or KaTeX). */
export function preloadPlugins(loader: Loader): Promise<PluggableList> {
  return load(loader);
}

export const loadKatex: Loader = () =>
  Promise.all([import('rehype-katex'), import('katex/dist/katex.min.css')]).then(([module]) => [
    [module.default, { throwOnError: false, strict: 'ignore' }]
  ]);

export const loadHighlight: Loader = () =>
  import('rehype-highlight').then((module) => [[module.default, { detect: false, ignoreMissing: true }]]);
