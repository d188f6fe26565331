import type { strategyEditorEnUS } from './en-US.ts';

/** strategy-editor 页面的简体中文文案（与 en-US.ts 键一致）。 */
export const strategyEditorZhCN: Record<keyof typeof strategyEditorEnUS, string> = {
};
