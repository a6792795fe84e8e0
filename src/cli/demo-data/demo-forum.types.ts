import type { PartyKind } from '../../modules/parties/party.entity';
import type { TransferMode } from '../../modules/listings/listing.constants';
import type { Sector } from '../../modules/matching/taxonomy/taxonomy.types';

/** A fictional organisation of the demo forum; `key` also makes its member's e-mail address. */
export interface DemoParty {
  key: string;
  name: string;
  country: string;
  kind: PartyKind;
  languages: string[];
  description: string;
}

/** One row of the demo forum, shaped as a row of POST /admin/listings/import (JSON) minus `party`. */
export interface DemoListing {
  party: string;
  kind: 'offer' | 'need';
  sector: Sector;
  language: string;
  title: string;
  summary?: string;
  description: string;
  advantages?: string;
  requirements?: string;
  keywords: string[];
  trl?: number;
  minTrl?: number;
  transferModes: TransferMode[];
  targetCountries?: string[];
}

export interface DemoForum {
  parties: DemoParty[];
  listings: DemoListing[];
}

type Body = Omit<DemoListing, 'party' | 'kind' | 'sector' | 'language'>;

/** Writers for one sector's file, so each entry reads as "who offers what, in which language". */
export function listingWriters(sector: Sector) {
  return {
    offer: (party: string, language: string, body: Body): DemoListing => ({ party, kind: 'offer', sector, language, ...body }),
    need: (party: string, language: string, body: Body): DemoListing => ({ party, kind: 'need', sector, language, ...body }),
  };
}
