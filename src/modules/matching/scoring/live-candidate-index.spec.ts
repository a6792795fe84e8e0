import { seededRandom } from '../../../../bench/support/seeded-random';
import { CandidateIndex, CandidateProfile, CandidateQuery } from './candidate-index';
import { LiveCandidateIndex } from './live-candidate-index';

const COUNTRIES = ['CN', 'TH', 'VN', 'ID', 'MY'];
const MODES = ['licensing', 'joint-rd', 'sale', 'consulting'];

function pick<T>(random: () => number, values: readonly T[], max: number): T[] {
  const count = Math.floor(random() * (max + 1));
  return Array.from({ length: count }, () => values[Math.floor(random() * values.length)]);
}

function randomProfile(random: () => number, listingId: string, revision = 1): CandidateProfile {
  return {
    listingId,
    kind: random() < 0.5 ? 'offer' : 'need',
    partyId: `party-${Math.floor(random() * 20)}`,
    partyCountry: COUNTRIES[Math.floor(random() * COUNTRIES.length)],
    language: random() < 0.5 ? 'zh' : 'th',
    // Few concepts and fields, so that many profiles tie and the tie-breaks are exercised.
    conceptIds: pick(random, [1, 2, 3, 4, 5, 6], 3),
    fieldIds: pick(random, [10, 20, 30], 2),
    trl: random() < 0.2 ? null : 1 + Math.floor(random() * 9),
    minTrl: random() < 0.5 ? null : 1 + Math.floor(random() * 9),
    transferModes: pick(random, MODES, 2),
    targetCountries: random() < 0.6 ? [] : pick(random, COUNTRIES, 2),
    revision,
    // Whole seconds from a short range: equal publication times happen and fall to the id.
    publishedAtMicros: random() < 0.05 ? null : 1_790_000_000_000_000 + Math.floor(random() * 50) * 1_000_000,
  };
}

function randomQuery(random: () => number): CandidateQuery {
  const { kind, partyCountry, conceptIds, fieldIds, trl, minTrl, transferModes, targetCountries } = randomProfile(random, 'query');
  return { kind, partyId: `party-${Math.floor(random() * 25)}`, partyCountry, conceptIds: [...conceptIds], fieldIds: [...fieldIds], trl, minTrl, transferModes: [...transferModes], targetCountries: [...targetCountries] };
}

const weight = (conceptId: number) => 1 + (conceptId % 3);

describe('LiveCandidateIndex', () => {
  it.each([3, 17, 91])('finds what an index built from the current profiles finds, and what it holds for them, through adds, changes and removals (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const current = new Map<string, CandidateProfile>();
    // What the holder keeps for a listing names its revision; one in ten has nothing (a listing not prepared).
    const holder = new Map<string, string | undefined>();
    const held = (profile: CandidateProfile): CandidateProfile => {
      holder.set(profile.listingId, random() < 0.1 ? undefined : `${profile.listingId}@${profile.revision}`);
      return profile;
    };
    const heldOf = (listingId: string) => holder.get(listingId);
    for (let i = 0; i < 400; i++) current.set(`l-${String(i).padStart(4, '0')}`, held(randomProfile(random, `l-${String(i).padStart(4, '0')}`)));
    const live = new LiveCandidateIndex(current.values(), heldOf);
    let next = 400;
    for (let round = 0; round < 30; round++) {
      const changes: { listingId: string; profile: CandidateProfile | null }[] = [];
      for (let c = 0; c < 1 + Math.floor(random() * 40); c++) {
        const ids = [...current.keys()];
        const roll = random();
        if (roll < 0.4 || ids.length === 0) {
          const id = `l-${String(next++).padStart(4, '0')}`;
          current.set(id, held(randomProfile(random, id)));
          changes.push({ listingId: id, profile: current.get(id)! });
        } else if (roll < 0.75) {
          const id = ids[Math.floor(random() * ids.length)];
          current.set(id, held(randomProfile(random, id, current.get(id)!.revision + 1)));
          changes.push({ listingId: id, profile: current.get(id)! });
        } else {
          const id = ids[Math.floor(random() * ids.length)];
          current.delete(id);
          changes.push({ listingId: id, profile: null });
        }
      }
      live.apply(changes);
      const rebuilt = new CandidateIndex([...current.values()]);
      // The same profiles as one base with no overlay: findHeld's other path.
      const packed = new LiveCandidateIndex(current.values(), heldOf);
      expect(live.size).toBe(current.size);
      for (let q = 0; q < 20; q++) {
        const query = randomQuery(random);
        const limit = 1 + Math.floor(random() * 60);
        const expected = rebuilt.findCandidateRefs(query, limit, weight);
        expect(live.findCandidateRefs(query, limit, weight)).toEqual(expected);
        const expectedHeld = expected.map((ref) => holder.get(ref.id));
        expect(live.findHeld(query, limit, weight)).toEqual(expectedHeld);
        expect(packed.findHeld(query, limit, weight)).toEqual(expectedHeld);
      }
    }
  });

  it('holds changes apart until rebuilding them has cost more than the base did, then packs everything into one base', () => {
    const random = seededRandom(5);
    // Every build takes 5 "ms" on this clock, however big: the base's and each overlay's.
    let now = 0;
    const clock = () => (now += 5);
    const live = new LiveCandidateIndex(
      Array.from({ length: 100 }, (_, i) => randomProfile(random, `l-${i}`)),
      undefined,
      clock,
    );
    live.apply([{ listingId: 'l-1', profile: null }, { listingId: 'new-1', profile: randomProfile(random, 'new-1') }]);
    expect(live.pending).toBe(1);
    expect(live.size).toBe(100);
    live.apply([{ listingId: 'new-2', profile: randomProfile(random, 'new-2') }]);
    expect(live.pending).toBe(2);
    // Two overlay builds cost more than the base's one: the next change packs everything.
    live.apply([{ listingId: 'new-3', profile: randomProfile(random, 'new-3') }]);
    expect(live.pending).toBe(0);
    expect(live.size).toBe(102);
  });

  it('packs everything into one base when the overlay outgrows a share of it, however cheap its builds', () => {
    const random = seededRandom(6);
    const live = new LiveCandidateIndex(Array.from({ length: 100 }, (_, i) => randomProfile(random, `l-${i}`)), undefined, () => 0);
    live.apply(Array.from({ length: 2000 }, (_, i) => ({ listingId: `bulk-${i}`, profile: randomProfile(random, `bulk-${i}`) })));
    expect(live.pending).toBe(2000);
    live.apply([{ listingId: 'one-more', profile: randomProfile(random, 'one-more') }]);
    expect(live.pending).toBe(0);
    expect(live.size).toBe(2101);
  });

  it('finds a changed listing at its new revision only, and a removed one not at all', () => {
    const offer: CandidateQuery = { kind: 'offer', partyId: 'p-self', partyCountry: 'CN', conceptIds: [1], fieldIds: [10], trl: 9, minTrl: null, transferModes: [], targetCountries: [] };
    const need = (id: string, revision: number): CandidateProfile => ({
      listingId: id,
      kind: 'need',
      partyId: `p-${id}`,
      partyCountry: 'TH',
      language: 'th',
      conceptIds: [1],
      fieldIds: [10],
      trl: null,
      minTrl: null,
      transferModes: [],
      targetCountries: [],
      revision,
      publishedAtMicros: 1,
    });
    const live = new LiveCandidateIndex([need('a', 1), need('b', 1)]);
    live.apply([{ listingId: 'a', profile: need('a', 2) }, { listingId: 'b', profile: null }]);
    expect(live.findCandidateRefs(offer, 10)).toEqual([{ id: 'a', revision: 2, language: 'th' }]);
  });
});
