import { createContext, useContext } from 'react';
import type { AuthoringParts } from '../../../api/strategy-editor-api.ts';
import type { AuthoringCatalogue, StrategyPackage } from '../../../api/types.ts';
import type { I18nText } from '../../../components/use-text.ts';

export interface EditorContextValue {
  eventType: string;
  pkg: StrategyPackage;
  /** What expressions may use, once loaded. */
  catalogue?: AuthoringCatalogue;
  /** The package parts sent with each expression check. */
  parts: AuthoringParts;
  readOnly: boolean;
  /** Applies an immutable change to the whole package (absent when read-only). */
  update?: (change: (pkg: StrategyPackage) => StrategyPackage) => void;
  text: (v: I18nText | null | undefined) => string;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditorContext(): EditorContextValue {
  const c = useContext(EditorContext);
  if (!c) throw new Error('useEditorContext outside <StrategyEditor>');
  return c;
}

/** A copy of `arr` with item `i` replaced. */
export function replaceAt<T>(arr: readonly T[], i: number, item: T): T[] {
  return arr.map((x, j) => (j === i ? item : x));
}

/** A copy of `arr` without item `i`. */
export function removeAt<T>(arr: readonly T[], i: number): T[] {
  return arr.filter((_, j) => j !== i);
}
