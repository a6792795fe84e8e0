import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ASEAN_COUNTRIES } from '../../common/geography/regions';
import { CreateNeedDto, CreateOfferDto } from '../../modules/listings/listing.dto';
import { CreatePartyDto } from '../../modules/parties/party.dto';
import { detectLanguage } from '../../modules/matching/text/detect-language';
import { DEMO_FORUM } from './index';

const { parties, listings } = DEMO_FORUM;
const VALIDATION = { whitelist: true, forbidNonWhitelisted: true };

describe('the demo forum', () => {
  it('has about sixty parties from China and all ten ASEAN countries, each with listings', () => {
    expect(parties.length).toBeGreaterThanOrEqual(55);
    expect(new Set(parties.map((p) => p.country))).toEqual(new Set(['CN', ...ASEAN_COUNTRIES]));
    expect(new Set(parties.map((p) => p.key)).size).toBe(parties.length);
    expect(new Set(parties.map((p) => p.name)).size).toBe(parties.length);
    const withListings = new Set(listings.map((l) => l.party));
    expect(parties.filter((p) => !withListings.has(p.key)).map((p) => p.key)).toEqual([]);
    expect(listings.filter((l) => !parties.some((p) => p.key === l.party)).map((l) => l.party)).toEqual([]);
  });

  it('has about three hundred offers and needs in six languages and three sectors', () => {
    expect(listings.length).toBeGreaterThanOrEqual(280);
    expect(new Set(listings.map((l) => l.language))).toEqual(new Set(['zh', 'en', 'th', 'vi', 'id', 'ms']));
    expect(new Set(listings.map((l) => l.sector))).toEqual(new Set(['sustainable-development', 'health', 'digital']));
    expect(listings.filter((l) => l.kind === 'offer').length).toBeGreaterThan(100);
    expect(listings.filter((l) => l.kind === 'need').length).toBeGreaterThan(100);
  });

  it('names every listing once, so a second load can recognise it by party and title', () => {
    const titles = listings.map((l) => l.title);
    expect(titles.filter((title, i) => titles.indexOf(title) !== i)).toEqual([]);
  });

  it('passes the same checks as POST /auth/register and POST /offers, /needs', () => {
    for (const party of parties) {
      const { key: _key, ...body } = party;
      expect([party.key, validateSync(plainToInstance(CreatePartyDto, body), VALIDATION).map(String)]).toEqual([party.key, []]);
    }
    for (const listing of listings) {
      const { party: _party, kind, ...body } = listing;
      const errors = validateSync(plainToInstance(kind === 'offer' ? CreateOfferDto : CreateNeedDto, body), VALIDATION);
      expect([listing.title, errors.map(String)]).toEqual([listing.title, []]);
    }
  });

  it('declares the language its text is written in', () => {
    const wrong = listings
      .map((l) => ({ title: l.title, declared: l.language, detected: detectLanguage(`${l.title}. ${l.description}`).language }))
      // Malay and Indonesian share most of their words; the detector may take one for the other.
      .filter(({ declared, detected }) => declared !== detected && !(['id', 'ms'].includes(declared) && ['id', 'ms'].includes(detected)));
    expect(wrong).toEqual([]);
  });
});
