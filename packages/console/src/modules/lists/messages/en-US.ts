/** English messages of the lists pages (merged into the console's catalogue by i18n/messages/en-US.ts). */
export const listsEnUS = {
} as const;
