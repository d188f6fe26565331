/** English messages of the strategy-editor pages (merged into the console's catalogue by i18n/messages/en-US.ts). */
export const strategyEditorEnUS = {
} as const;
