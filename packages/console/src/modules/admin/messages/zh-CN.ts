import type { adminEnUS } from './en-US.ts';

/** admin 页面的简体中文文案（与 en-US.ts 键一致）。 */
export const adminZhCN: Record<keyof typeof adminEnUS, string> = {
};
