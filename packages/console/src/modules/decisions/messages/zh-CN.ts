import type { decisionsEnUS } from './en-US.ts';

/** decisions 页面的简体中文文案（与 en-US.ts 键一致）。 */
export const decisionsZhCN: Record<keyof typeof decisionsEnUS, string> = {
};
