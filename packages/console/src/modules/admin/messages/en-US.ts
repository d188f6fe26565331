/** English messages of the admin pages (merged into the console's catalogue by i18n/messages/en-US.ts). */
export const adminEnUS = {
} as const;
