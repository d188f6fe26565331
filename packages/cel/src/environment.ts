import { Environment } from '@marcbachmann/cel-js';
import { registerLibrary } from './library.ts';

/**
 * The type of a variable or schema field: a cel-js type string ('int', 'double', 'string', 'bool',
 * 'timestamp', 'duration', 'map', 'list<string>', 'map<string, double>', 'dyn', ...) or a nested
 * schema (field -> type) for objects such as `event`, whose fields come from an event type.
 *
 * @example
 * const event: CelTypeSpec = { amount: 'double', tags: 'list<string>', geo: { lat: 'double', lon: 'double' } };
 */
export type CelTypeSpec = string | { [field: string]: CelTypeSpec };

/**
 * The typed variables visible to expressions.
 *
 * @example
 * const spec: CelEnvSpec = { variables: { event: { amount: 'double', channel: 'string' }, now: 'timestamp' } };
 */
export interface CelEnvSpec {
  variables: Record<string, CelTypeSpec>;
}

/** Names that would let an expression reach JavaScript object internals. */
export function isForbiddenName(name: string): boolean {
  return name.startsWith('__') || name === 'constructor' || name === 'prototype';
}

// Variables are read from the context object by name, so a variable may not share a name with an
// Object.prototype member (an absent `toString` would otherwise resolve to the inherited function).
const OBJECT_MEMBERS = new Set(Object.getOwnPropertyNames(Object.prototype));
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MACROS = ['has', 'all', 'exists', 'exists_one', 'map', 'filter', 'bind'];

/** Maps our friendly type names to cel-js's ('timestamp' is google.protobuf.Timestamp). */
export function toCelTypeName(type: string): string {
  return type
    .replace(/(?<![\w.])timestamp(?![\w.])/g, 'google.protobuf.Timestamp')
    .replace(/(?<![\w.])duration(?![\w.])/g, 'google.protobuf.Duration');
}

/** Presents cel-js type names to analysts ('google.protobuf.Timestamp' is 'timestamp'). */
export function fromCelTypeName(type: string): string {
  return type.replaceAll('google.protobuf.Timestamp', 'timestamp').replaceAll('google.protobuf.Duration', 'duration');
}

/**
 * A cel-js Environment with Vigil's variables and function library registered, plus what the
 * compiler needs to know about schema objects. Create once per variable set and reuse: building
 * one costs far more than compiling an expression.
 *
 * @example
 * const env = createCelEnvironment({ variables: { event: { amount: 'double' } } });
 * env.variableNames.has('event'); // true
 */
export class CelEnvironment {
  /** The spec this environment was built from. */
  readonly spec: CelEnvSpec;
  /** The wrapped cel-js environment (the reference interpreter runs on it). */
  readonly cel: Environment;
  /** Schema object types by cel-js type name ('$event', '$event.geo') -> field -> cel-js type name. */
  readonly messageTypes: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Function and macro names known to the environment. */
  readonly functionNames: ReadonlySet<string>;
  /** Declared variable names. */
  readonly variableNames: ReadonlySet<string>;

  constructor(spec: CelEnvSpec) {
    this.spec = spec;
    this.cel = new Environment({ homogeneousAggregateLiterals: true, enableOptionalTypes: false });
    registerLibrary(this.cel);
    const messageTypes = new Map<string, Map<string, string>>();
    const names = new Set<string>();
    for (const [name, type] of Object.entries(spec.variables)) {
      assertName(name, `variable '${name}'`);
      if (OBJECT_MEMBERS.has(name)) throw new Error(`Invalid CEL variable '${name}': reserved JavaScript name`);
      names.add(name);
      try {
        if (typeof type === 'string') {
          this.cel.registerVariable(name, toCelTypeName(type));
        } else {
          const schema = normaliseSchema(type, `$${name}`, messageTypes, name);
          this.cel.registerVariable({ name, schema } as never);
        }
      } catch (error) {
        throw new Error(`Invalid CEL variable '${name}': ${(error as Error).message}`, { cause: error });
      }
    }
    this.messageTypes = messageTypes;
    this.variableNames = names;
    const functions = new Set<string>(MACROS);
    for (const fn of this.cel.getDefinitions().functions) functions.add(fn.name);
    this.functionNames = functions;
  }
}

function assertName(name: string, what: string): void {
  if (!IDENTIFIER.test(name) && !what.startsWith('field')) throw new Error(`Invalid CEL ${what}: not an identifier`);
  if (isForbiddenName(name)) throw new Error(`Invalid CEL ${what}: forbidden name`);
}

function normaliseSchema(
  schema: { [field: string]: CelTypeSpec },
  typeName: string,
  messageTypes: Map<string, Map<string, string>>,
  path: string,
): Record<string, unknown> {
  const fields = new Map<string, string>();
  const out: Record<string, unknown> = {};
  for (const [field, type] of Object.entries(schema)) {
    assertName(field, `field '${path}.${field}'`);
    if (OBJECT_MEMBERS.has(field)) throw new Error(`Invalid CEL field '${path}.${field}': reserved JavaScript name`);
    if (typeof type === 'string') {
      const celType = toCelTypeName(type);
      fields.set(field, celType);
      out[field] = celType;
    } else {
      // cel-js names nested schema types `<parent>.<field>`.
      const nestedName = `${typeName}.${field}`;
      fields.set(field, nestedName);
      out[field] = normaliseSchema(type, nestedName, messageTypes, `${path}.${field}`);
    }
  }
  messageTypes.set(typeName, fields);
  return out;
}

/**
 * Builds the CEL environment for a set of typed variables, with Vigil's function library.
 *
 * @example
 * const env = createCelEnvironment({
 *   variables: { event: { amount: 'double', channel: 'string' }, features: 'map<string, double>' },
 * });
 * const rule = compileExpression(env, 'event.amount > 5000.0 && event.channel == "ECOM"');
 */
export function createCelEnvironment(spec: CelEnvSpec): CelEnvironment {
  return new CelEnvironment(spec);
}
