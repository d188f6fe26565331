import type { monitoringEnUS } from './en-US.ts';

/** monitoring 页面的简体中文文案（与 en-US.ts 键一致）。 */
export const monitoringZhCN: Record<keyof typeof monitoringEnUS, string> = {
};
