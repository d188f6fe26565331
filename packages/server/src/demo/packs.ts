import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { Value } from 'typebox/value';
import type { StrategyPackage } from '@vigil/engine';
import { StrategyPackageSchema } from '../routes/strategy-schema.ts';

/** Where the default strategy packs live: one importable YAML package document per event type. */
export const PACKS_DIR = fileURLToPath(new URL('../../packs/', import.meta.url));

/** The default packs, by event type, in the order the demo deploys them. */
export const PACK_FILES = {
  card_auth: 'card_auth.yaml',
  atm_withdrawal: 'atm_withdrawal.yaml',
  transfer: 'transfer.yaml',
  login: 'login.yaml',
  phone_change: 'phone_change.yaml',
  registration: 'registration.yaml',
  coupon_claim: 'coupon_claim.yaml',
  otp_request: 'otp_request.yaml',
} as const;

export type PackEventType = keyof typeof PACK_FILES;

/**
 * The packs call their data sources at the demo's own simulated providers on the default port.
 * Loading them for a node on another port (or for another provider) moves every data-source URL
 * from this base to the one given.
 */
export const PACK_DATASOURCE_BASE = 'http://127.0.0.1:8080/demo/datasources';

export class PackError extends Error {}

/**
 * Parses a package document as `POST /api/v1/strategies/import` does (YAML or JSON, schema
 * defaults filled in) and checks it against the same schema.
 */
export function parsePackDocument(text: string, source = 'package'): StrategyPackage {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 50 });
  } catch (e) {
    throw new PackError(`${source}: the YAML document does not parse: ${(e as Error).message}`);
  }
  const withDefaults = Value.Default(StrategyPackageSchema, doc);
  if (!Value.Check(StrategyPackageSchema, withDefaults)) {
    const errors = [...Value.Errors(StrategyPackageSchema, withDefaults)].slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new PackError(`${source}: not a valid strategy package: ${errors.join('; ')}`);
  }
  return withDefaults as StrategyPackage;
}

/** The text of one pack file. */
export function readPackText(eventType: PackEventType): string {
  return readFileSync(path.join(PACKS_DIR, PACK_FILES[eventType]), 'utf8');
}

/** One default pack, with its data sources moved to `dataSourceBase` when given. */
export function loadPack(eventType: PackEventType, dataSourceBase?: string): StrategyPackage {
  const pkg = parsePackDocument(readPackText(eventType), PACK_FILES[eventType]);
  if (dataSourceBase !== undefined) {
    for (const ds of pkg.dataSources) if (ds.url.startsWith(PACK_DATASOURCE_BASE)) ds.url = dataSourceBase + ds.url.slice(PACK_DATASOURCE_BASE.length);
  }
  return pkg;
}

/** Every default pack. */
export function loadPacks(dataSourceBase?: string): StrategyPackage[] {
  return (Object.keys(PACK_FILES) as PackEventType[]).map((et) => loadPack(et, dataSourceBase));
}
