import { analyzeListingText } from './text/analyze-listing-text';
import { createConceptMatcher } from './text/concept-matcher';
import { createTaxonomyLookup, loadTaxonomy } from './taxonomy/taxonomy.loader';
import { ListingFeatures } from './scoring/listing-features';
import { scoreMatch } from './scoring/match-score';
import { ScoringContext, taxonomyLookups } from './scoring/scoring-context';
import { DEFAULT_SCORING_WEIGHTS } from './scoring/scoring-weights';

/** Text analysis and scoring together, on the real taxonomy: what the worker does for one pair. */
const taxonomy = loadTaxonomy();
const lookup = createTaxonomyLookup(taxonomy);
const matcher = createConceptMatcher(taxonomy);
const context: ScoringContext = { ...taxonomyLookups(taxonomy), conceptIdf: () => 2, termIdf: () => undefined, weights: DEFAULT_SCORING_WEIGHTS };

interface Listing {
  kind: 'offer' | 'need';
  country: string;
  title: string;
  description: string;
  trl?: number;
  minTrl?: number;
  modes?: string[];
}

function features(listing: Listing, id: string): ListingFeatures {
  const analysis = analyzeListingText({ title: listing.title, description: listing.description }, matcher, lookup);
  return {
    id,
    kind: listing.kind,
    partyId: `party-${id}`,
    partyCountry: listing.country,
    language: analysis.language,
    sector: analysis.sectorSuggestion?.sector ?? 'digital',
    fieldIds: analysis.fieldIds,
    conceptIds: analysis.conceptIds,
    conceptCounts: analysis.conceptCounts,
    termFrequencies: analysis.termFrequencies,
    trl: listing.trl ?? null,
    minTrl: listing.minTrl ?? null,
    transferModes: listing.modes ?? ['licensing'],
    targetCountries: [],
  };
}

const listings: Record<string, Listing> = {
  zhSolarOffer: {
    kind: 'offer',
    country: 'CN',
    title: '海岛光伏微电网成套技术',
    description: '分布式光伏发电与锂电池储能一体化微电网，高效光伏组件和能量管理系统，替代柴油发电。',
    trl: 8,
  },
  thSolarNeed: {
    kind: 'need',
    country: 'TH',
    title: 'ต้องการระบบผลิตไฟฟ้าจากเซลล์แสงอาทิตย์สำหรับเกาะ',
    description: 'ต้องการโซลาร์เซลล์และแบตเตอรี่กักเก็บพลังงานสำหรับไมโครกริดบนเกาะที่ยังใช้เครื่องปั่นไฟดีเซล',
    minTrl: 6,
  },
  viPaymentsOffer: {
    kind: 'offer',
    country: 'VN',
    title: 'Nền tảng thanh toán QR cho tiểu thương',
    description: 'Thanh toán di động bằng mã QR và ví điện tử cho cửa hàng nhỏ, quản lý bán hàng trên điện thoại.',
    trl: 9,
  },
  idDengueNeed: {
    kind: 'need',
    country: 'ID',
    title: 'Alat tes cepat demam berdarah untuk puskesmas',
    description: 'Kami membutuhkan tes cepat untuk mendeteksi demam berdarah dengue di puskesmas daerah terpencil.',
  },
  msDengueNeed: {
    kind: 'need',
    country: 'MY',
    title: 'Kit ujian pantas denggi untuk klinik luar bandar',
    description: 'Kami memerlukan kit ujian pantas untuk mengesan denggi di klinik kesihatan luar bandar.',
  },
  zhDengueOffer: {
    kind: 'offer',
    country: 'CN',
    title: '登革热快速检测试剂盒',
    description: '基于胶体金的登革热NS1抗原快速检测试剂盒，15分钟出结果，适合基层诊所。',
    trl: 9,
  },
};

const pair = (offer: string, need: string) => scoreMatch(features(listings[offer], offer), features(listings[need], need), context);

describe('the matching pipeline on the real taxonomy', () => {
  it.each([
    ['a Chinese photovoltaic offer and a Thai solar-cell need', 'zhSolarOffer', 'thSolarNeed'],
    ['a Chinese dengue test offer and an Indonesian dengue test need', 'zhDengueOffer', 'idDengueNeed'],
    ['a Chinese dengue test offer and a Malay dengue test need', 'zhDengueOffer', 'msDengueNeed'],
  ])('matches %s through shared concepts', (_, offer, need) => {
    const result = pair(offer, need);
    expect(result.sharedConceptIds.length).toBeGreaterThan(0);
    expect(result.score).toBeGreaterThan(0.45);
  });

  it.each([
    ['a Vietnamese payments offer and an Indonesian dengue need', 'viPaymentsOffer', 'idDengueNeed'],
    ['a Chinese solar offer and a Malay dengue need', 'zhSolarOffer', 'msDengueNeed'],
  ])('keeps %s, which share nothing, far below', (_, offer, need) => {
    const result = pair(offer, need);
    expect(result.sharedConceptIds).toEqual([]);
    expect(result.score).toBeLessThan(0.2);
    expect(result.score).toBeLessThan(pair('zhSolarOffer', 'thSolarNeed').score / 3);
  });

  it('explains every score with contributions that add up to it', () => {
    for (const offer of ['zhSolarOffer', 'viPaymentsOffer', 'zhDengueOffer']) {
      for (const need of ['thSolarNeed', 'idDengueNeed', 'msDengueNeed']) {
        const result = pair(offer, need);
        const sum = result.factors.reduce((total, factor) => total + factor.contribution, 0);
        expect(sum).toBeCloseTo(result.score, 6);
      }
    }
  });
});
