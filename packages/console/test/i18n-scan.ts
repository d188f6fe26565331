import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Props whose string value a person reads: must come from `t(...)`, never a literal. */
const VISIBLE_PROPS = new Set([
  'title',
  'subTitle',
  'placeholder',
  'label',
  'alt',
  'aria-label',
  'tooltip',
  'okText',
  'cancelText',
  'description',
  'message',
  'content',
  'extra',
  'help',
  'addonBefore',
  'addonAfter',
  'emptyText',
  'tip',
]);

export interface Finding {
  file: string;
  line: number;
  text: string;
}

export interface Scan {
  /** Keys named in code: `t('a.b')`, `labelKey: 'a.b'`, `titleKey="a.b"`. */
  keys: Array<Finding & { key: string }>;
  /** Heads of template literals such as `role.${id}`: keys made at run time from these prefixes. */
  dynamicPrefixes: Set<string>;
  /** User-visible text written into the code instead of going through the catalogue. */
  hardCoded: Finding[];
}

const hasLetters = (s: string) => /\p{L}/u.test(s);

function stringOf(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isJsxExpression(node)) return stringOf(node.expression);
  if (ts.isParenthesizedExpression(node)) return stringOf(node.expression);
  return undefined;
}

function propName(name: ts.Node): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  if (ts.isJsxNamespacedName(name)) return `${name.namespace.text}:${name.name.text}`;
  return undefined;
}

/** Scans one source file (TypeScript's own parser: comments and strings are told apart from text). */
export function scanSource(file: string, source: string, into: Scan = { keys: [], dynamicPrefixes: new Set(), hardCoded: [] }): Scan {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const at = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const visit = (node: ts.Node): void => {
    // t('key') and i18n.t('key'), translate(locale, 'key')
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      const arg = name === 't' ? node.arguments[0] : name === 'translate' ? node.arguments[1] : undefined;
      const key = stringOf(arg);
      if (key !== undefined) into.keys.push({ file, line: at(node), text: key, key });
    }
    if (ts.isTemplateExpression(node) && /^[a-z][\w-]*(\.[\w-]+)*\.$/i.test(node.head.text)) into.dynamicPrefixes.add(node.head.text);
    if (ts.isPropertyAssignment(node)) {
      const name = propName(node.name);
      const value = stringOf(node.initializer);
      if (name && value !== undefined) {
        if (/Key$/.test(name)) into.keys.push({ file, line: at(node), text: value, key: value });
        else if (VISIBLE_PROPS.has(name) && hasLetters(value)) into.hardCoded.push({ file, line: at(node), text: `${name}: ${JSON.stringify(value)}` });
      }
    }
    if (ts.isJsxAttribute(node)) {
      const name = propName(node.name);
      const value = stringOf(node.initializer);
      if (name && value !== undefined) {
        if (/Key$/.test(name)) into.keys.push({ file, line: at(node), text: value, key: value });
        else if (VISIBLE_PROPS.has(name) && hasLetters(value)) into.hardCoded.push({ file, line: at(node), text: `${name}=${JSON.stringify(value)}` });
      }
    }
    if (ts.isJsxText(node) && hasLetters(node.text)) into.hardCoded.push({ file, line: at(node), text: node.text.trim() });
    // {'text'} as a child of an element
    if (ts.isJsxExpression(node) && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      const value = stringOf(node.expression);
      if (value !== undefined && hasLetters(value)) into.hardCoded.push({ file, line: at(node), text: JSON.stringify(value) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return into;
}

/** Every .ts/.tsx file below `dir`, message catalogues left out (they are the text). */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) {
      if (name !== 'messages') out.push(...sourceFiles(file));
    } else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(file);
  }
  return out;
}

export function scanTree(dir: string): Scan {
  const scan: Scan = { keys: [], dynamicPrefixes: new Set(), hardCoded: [] };
  for (const file of sourceFiles(dir)) scanSource(path.relative(dir, file), readFileSync(file, 'utf8'), scan);
  return scan;
}

/** `{name}` placeholders of a message, sorted. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}
