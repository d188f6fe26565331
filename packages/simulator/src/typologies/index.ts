import type { Typology } from '../types.ts';
import { accountTakeover } from './account-takeover.ts';
import { cardTesting } from './card-testing.ts';
import { credentialStuffing } from './credential-stuffing.ts';
import { impersonationScam } from './impersonation-scam.ts';
import { marketingAbuse } from './marketing-abuse.ts';
import { moneyMule } from './money-mule.ts';
import { smsBombing } from './sms-bombing.ts';
import { stolenCardAbroad } from './stolen-card-abroad.ts';
import type { TypologyDef } from './typology.ts';

export type { ReportProfile, TypologyDef } from './typology.ts';

/** Every typology, in the order of `TYPOLOGIES`. */
export const TYPOLOGY_DEFS: Readonly<Record<Typology, TypologyDef>> = {
  card_testing: cardTesting,
  stolen_card_abroad: stolenCardAbroad,
  account_takeover: accountTakeover,
  impersonation_scam: impersonationScam,
  money_mule: moneyMule,
  marketing_abuse: marketingAbuse,
  credential_stuffing: credentialStuffing,
  sms_bombing: smsBombing,
};
