import type { listsEnUS } from './en-US.ts';

/** lists 页面的简体中文文案（与 en-US.ts 键一致）。 */
export const listsZhCN: Record<keyof typeof listsEnUS, string> = {
};
