import type { strategiesEnUS } from './en-US.ts';

/** strategies 页面的简体中文文案（与 en-US.ts 键一致）。 */
export const strategiesZhCN: Record<keyof typeof strategiesEnUS, string> = {
};
