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

/**
 * Placeholders written inside a string literal (`'{{x}}'`): an argument there would land inside
 * the quotes, silently wrong and able to break out of them, so such a component is refused.
 */
export function placeholdersInStrings(expression: string): string[] {
  const found: string[] = [];
  let quote: string | null = null;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (expression.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      } else if (expression.startsWith('{{', i)) {
        const m = /^\{\{\s*([A-Za-z0-9_]+)\s*\}\}/.exec(expression.slice(i));
        if (m) found.push(m[1]!);
      }
      continue;
    }
    if (c === '"' || c === "'") quote = expression.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
    if (quote && quote.length === 3) i += 2;
  }
  return found;
}

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
  for (const name of placeholdersInStrings(component.expression)) {
    problems.push({ path: 'expression', code: 'PLACEHOLDER_IN_STRING', message: `{{${name}}} is inside a string literal; write it bare: a string argument is quoted for you` });
  }
  if (problems.length) throw new ValidationError('INVALID_COMPONENT', problems);
  return component.expression.replace(PLACEHOLDER, (_m, name: string) => {
    const p = component.params.find((x) => x.name === name)!;
    return `(${celLiteral(p.type, values[name])})`;
  });
}
