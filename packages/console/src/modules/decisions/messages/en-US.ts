/** English messages of the decisions pages (merged into the console's catalogue by i18n/messages/en-US.ts). */
export const decisionsEnUS = {
} as const;
