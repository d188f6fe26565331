import { ValidationError, type Issue } from '../validation-error.ts';
import { celLiteral, checkArgs, type ParamDef } from './params.ts';

/**
 * A custom rule component: a saved CEL snippet with typed parameters, written with `{{name}}`
 * placeholders, that any strategy can use in place of a condition.
 *
 * @example {id: 'big_for_channel', params: [{name: 'min', type: 'double'}, {name: 'channels', type: 'string_list'}],
 *           expression: 'event.amount >= {{min}} && event.channel in {{channels}}'}
 */
export interface RuleComponent {
  id: string;
  name: { zh: string; en: string };
  description?: string;
  params: ParamDef[];
  expression: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The parameters an expression refers to, in order of first use. */
export function placeholdersOf(expression: string): string[] {
  return [...new Set([...expression.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Replaces each placeholder with its argument as a CEL literal. Arguments are checked against
 * their types first; a value can never inject CEL (strings are quoted, fields are names only).
 */
export function expandComponent(component: RuleComponent, args: Record<string, unknown>, path = 'args'): string {
  const { values, issues } = checkArgs(component.params, args, path);
  const problems: Issue[] = [...issues];
  for (const name of placeholdersOf(component.expression)) {
    if (!component.params.some((p) => p.name === name)) problems.push({ path: 'expression', code: 'UNKNOWN_PARAM', message: `{{${name}}} is not a parameter` });
  }
  if (problems.length) throw new ValidationError('INVALID_COMPONENT', problems);
  return component.expression.replace(PLACEHOLDER, (_m, name: string) => {
    const p = component.params.find((x) => x.name === name)!;
    return `(${celLiteral(p.type, values[name])})`;
  });
}
