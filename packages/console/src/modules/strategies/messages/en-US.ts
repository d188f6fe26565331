/** English messages of the strategies pages (merged into the console's catalogue by i18n/messages/en-US.ts). */
export const strategiesEnUS = {
} as const;
