import * as React from 'react';
import { toast } from 'sonner';

/**
 * Custom elements are JSX files the app ships in public/elements/<name>.jsx (Chainlit's
 * convention). They are compiled in the browser with sucrase and run with a small module
 * scope: React, sonner, and plain stand-ins for the `@/components/ui/*` kit.
 */
export interface CustomElementApis {
  props: Record<string, unknown>;
  updateElement: (nextProps: Record<string, unknown>) => Promise<unknown>;
  deleteElement: () => Promise<unknown>;
  callAction: (action: { name: string; payload?: Record<string, unknown> }) => Promise<unknown>;
  sendUserMessage: (text: string) => void;
}

type AnyProps = Record<string, unknown> & { className?: string; children?: React.ReactNode };

function plain(tag: string, baseClass: string) {
  const Plain = React.forwardRef<HTMLElement, AnyProps>(function Plain({ className, asChild: _asChild, variant, size, ...rest }, ref) {
    const classes = [baseClass, variant ? `${baseClass}-${String(variant)}` : '', size ? `${baseClass}-${String(size)}` : '', className]
      .filter(Boolean)
      .join(' ');
    return React.createElement(tag, { ...rest, ref, className: classes });
  });
  return Plain;
}

const uiKit: Record<string, unknown> = {
  Button: plain('button', 'button'),
  Input: plain('input', 'input'),
  Textarea: plain('textarea', 'input'),
  Label: plain('label', 'label'),
  Card: plain('div', 'card'),
  CardHeader: plain('div', 'card-header'),
  CardTitle: plain('h3', 'card-title'),
  CardDescription: plain('p', 'muted'),
  CardContent: plain('div', 'card-content'),
  CardFooter: plain('div', 'card-footer'),
  Badge: plain('span', 'badge'),
  Separator: plain('hr', 'separator-line'),
  Progress: ({ value }: { value?: number }) => React.createElement('progress', { value, max: 100 }),
  Checkbox: ({ checked, onCheckedChange, ...rest }: AnyProps & { checked?: boolean; onCheckedChange?: (v: boolean) => void }) =>
    React.createElement('input', { ...rest, type: 'checkbox', checked, onChange: (e: React.ChangeEvent<HTMLInputElement>) => onCheckedChange?.(e.target.checked) })
};

const uiProxy = new Proxy(uiKit, {
  get(target, key: string) {
    if (key === '__esModule') return true;
    return target[key] ?? plain('div', `ui-${key.toLowerCase()}`);
  }
});

const iconProxy = new Proxy(
  {},
  {
    get(_, key: string) {
      if (key === '__esModule') return true;
      return function IconPlaceholder(props: AnyProps) {
        return React.createElement('span', { className: 'icon-placeholder', 'aria-hidden': true, ...props });
      };
    }
  }
);

function requireShim(name: string): unknown {
  if (name === 'react') return React;
  if (name === 'sonner') return { toast };
  if (name === 'lucide-react') return iconProxy;
  if (name.startsWith('@/components/ui/')) return uiProxy;
  throw new Error(`Custom elements cannot import "${name}"`);
}

const compiled = new Map<string, string>();

export async function compileCustomElement(source: string, cacheKey: string): Promise<string> {
  const cached = compiled.get(cacheKey);
  if (cached) return cached;
  const { transform } = await import('sucrase');
  const code = transform(source, { transforms: ['jsx', 'typescript', 'imports'], production: true }).code;
  compiled.set(cacheKey, code);
  return code;
}

/** Runs compiled module code and returns its default export (a component). */
export function instantiateCustomElement(code: string, apis: CustomElementApis): React.ComponentType {
  const module = { exports: {} as Record<string, unknown> };
  const factory = new Function(
    'require',
    'module',
    'exports',
    'React',
    'props',
    'updateElement',
    'deleteElement',
    'callAction',
    'sendUserMessage',
    code
  );
  factory(requireShim, module, module.exports, React, apis.props, apis.updateElement, apis.deleteElement, apis.callAction, apis.sendUserMessage);
  const component = (module.exports.default ?? module.exports) as unknown;
  if (typeof component !== 'function') throw new Error('The element file has no default export component');
  return component as React.ComponentType;
}
