const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The default CEL input of a characteristic: `event.<name>`, or `event["<name>"]` when the name
 * is not a CEL identifier (spaces, dashes, a leading digit).
 *
 * @example
 * characteristicInput('duration') // → 'event.duration'
 * characteristicInput('credit amount') // → 'event["credit amount"]'
 */
export function characteristicInput(name: string, inputs?: Readonly<Record<string, string>>): string {
  const given = inputs?.[name];
  if (given !== undefined) return given;
  return IDENTIFIER.test(name) ? `event.${name}` : `event[${JSON.stringify(name)}]`;
}
