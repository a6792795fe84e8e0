import { assessListingQuality, ListingQualityInput } from './listing-quality';

const complete: ListingQualityInput = {
  kind: 'offer',
  title: 'Solar micro-grid for islands',
  summary: 'A containerised PV micro-grid with battery storage.',
  description: 'x'.repeat(300),
  advantages: 'Half the diesel cost.',
  keywords: ['solar', 'micro-grid'],
  conceptCount: 3,
  language: 'en',
};

describe('assessListingQuality', () => {
  it('finds nothing to say about a complete listing', () => {
    expect(assessListingQuality(complete)).toEqual([]);
  });

  it.each<[string, Partial<ListingQualityInput>, string]>([
    ['a short English description', { description: 'Solar panels.' }, 'description-too-short'],
    ['no keywords', { keywords: [] }, 'no-keywords'],
    ['an offer without advantages', { advantages: '  ' }, 'no-advantages'],
    ['a need without requirements', { kind: 'need', advantages: null, requirements: null }, 'no-requirements'],
    ['an email in the description', { description: 'x'.repeat(300) + ' write to sales@example.cn' }, 'contact-details-in-text'],
    ['a phone number', { description: 'x'.repeat(300) + ' call +86 771 555 0199' }, 'contact-details-in-text'],
    ['a web address', { advantages: 'see www.example.co.th for details' }, 'contact-details-in-text'],
    ['no recognised concept', { conceptCount: 0 }, 'no-concepts'],
  ])('flags %s', (_, change, code) => {
    expect(assessListingQuality({ ...complete, ...change }).map((issue) => issue.code)).toContain(code);
  });

  it('holds Chinese and Thai to a shorter description than Latin-script languages', () => {
    const chinese = '适用于海岛和偏远村庄的光伏微电网，含储能与智能调度，可降低柴油发电成本一半以上。'.repeat(2);
    expect(assessListingQuality({ ...complete, language: 'zh', description: chinese }).map((i) => i.code)).not.toContain('description-too-short');
    expect(assessListingQuality({ ...complete, language: 'en', description: chinese }).map((i) => i.code)).toContain('description-too-short');
  });
});
