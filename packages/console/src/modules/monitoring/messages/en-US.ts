/** English messages of the monitoring pages (merged into the console's catalogue by i18n/messages/en-US.ts). */
export const monitoringEnUS = {
} as const;
