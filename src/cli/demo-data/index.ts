import type { DemoForum } from './demo-forum.types';
import { HEALTH_LISTINGS } from './listings-health';
import { DIGITAL_LISTINGS } from './listings-digital';
import { MORE_LISTINGS } from './listings-more';
import { SUSTAINABLE_DEVELOPMENT_LISTINGS } from './listings-sustainable-development';
import { DEMO_PARTIES } from './parties';

export type { DemoForum, DemoListing, DemoParty } from './demo-forum.types';

export const DEMO_FORUM: DemoForum = {
  parties: DEMO_PARTIES,
  listings: [...SUSTAINABLE_DEVELOPMENT_LISTINGS, ...HEALTH_LISTINGS, ...DIGITAL_LISTINGS, ...MORE_LISTINGS],
};

/** The demo member of a party signs in with this address; the key keeps it stable across runs. */
export const demoMemberEmail = (partyKey: string) => `${partyKey}@demo.techbridge.example`;
