/**
 * The parts of cel-js's internal AST and type objects the compiler reads. cel-js exposes the AST
 * (nodes are `{op, args, pos, ...}` and carry `checkedType` after `check()`) but does not type these
 * internals, so they are described here once; the package is pinned to 8.0.0 and the
 * differential tests fail loudly if any of this changes.
 */

/** A cel-js TypeDeclaration. */
export interface CelTypeDecl {
  readonly kind: 'primitive' | 'message' | 'list' | 'map' | 'dyn' | 'param' | 'optional';
  readonly name: string;
  readonly type: string;
  readonly keyType?: CelTypeDecl;
  readonly valueType?: CelTypeDecl;
  readonly hasDynType: boolean;
  readonly hasPlaceholderType: boolean;
}

/** A resolved function overload. */
export interface CelFunctionDecl {
  readonly signature: string;
  readonly handler: (...args: unknown[]) => unknown;
  readonly returnType: CelTypeDecl;
}

/** cel-js registry, as far as runtime type computation needs it. */
export interface CelRegistry {
  getType(name: string): CelTypeDecl;
  getListType(valueType: CelTypeDecl): CelTypeDecl;
  getMapType(keyType: CelTypeDecl, valueType: CelTypeDecl): CelTypeDecl;
  readonly objectTypesByConstructor: Map<unknown, { type: CelTypeDecl }>;
}

/** A resolved operator overload. */
export interface CelOperatorDecl {
  readonly leftType: CelTypeDecl;
  readonly rightType: CelTypeDecl;
}

/**
 * Overload candidates of a call or operator site; `findFunction` and `findBinaryOverload` are
 * cel-js's own overload resolution.
 */
export interface CelCandidates {
  readonly registry: CelRegistry;
  readonly declarations: readonly CelFunctionDecl[];
  findFunction(argTypes: readonly CelTypeDecl[], receiverType?: CelTypeDecl | null): CelFunctionDecl | null;
  findBinaryOverload?(left: CelTypeDecl, right: CelTypeDecl): CelOperatorDecl | false;
}

export interface CelMacroMeta {
  /** has(): the select chain, outermost first, the root operand last (set by the type checker). */
  macroHasProps?: CelNode[];
  /** cel.bind(): variable name, bound value and body. */
  var?: string;
  val?: CelNode;
  exp?: CelNode;
}

/** A cel-js AST node after type checking. */
export interface CelNode {
  readonly op: string;
  // The payload depends on `op` (see cel-js's index.d.ts ASTNodeArgsMap).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly args: any;
  readonly pos: number;
  readonly start: number;
  readonly end: number;
  readonly checkedType?: CelTypeDecl;
  readonly candidates?: CelCandidates;
  readonly argTypes?: CelTypeDecl[];
  readonly meta: { readonly alternate?: CelNode; readonly macro?: CelMacroMeta };
}
