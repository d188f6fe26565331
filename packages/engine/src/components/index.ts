export * from './params.ts';
export * from './expand-component.ts';
export * from './rule-templates.ts';
