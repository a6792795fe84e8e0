import { buildTaxonomy } from '../taxonomy/taxonomy.loader';
import { Labels, Sector, SectorTaxonomyFile, Taxonomy, TaxonomyConcept, Terms } from '../taxonomy/taxonomy.types';

/** A small taxonomy for unit tests, shaped like the real data files. */
const labels = (en: string): Labels => ({ zh: en, en, th: en, vi: en, id: en, ms: en });

function concept(id: number, code: string, field: string, terms: Terms, sdgs: number[] = [9]): TaxonomyConcept {
  const labelsOf = Object.fromEntries(Object.entries(terms).map(([l, t]) => [l, t[0]])) as Labels;
  return { id, code, field, labels: labelsOf, terms, sdgs };
}

function sector(name: Sector, fields: Array<[number, string]>, concepts: TaxonomyConcept[]): SectorTaxonomyFile {
  return {
    sector: name,
    labels: labels(name),
    fields: fields.map(([id, code]) => ({ id, code, sector: name, labels: labels(code) })),
    concepts,
  };
}

export function fixtureSectorFiles(): SectorTaxonomyFile[] {
  return [
    sector('sustainable-development', [[100, 'sd.renewable-energy'], [101, 'sd.water']], [
      concept(1000, 'sd.renewable-energy.photovoltaics', 'sd.renewable-energy', {
        zh: ['光伏', '太阳能电池', '光伏组件'],
        en: ['photovoltaics', 'photovoltaic', 'solar cell', 'pv', 'solar panel'],
        th: ['เซลล์แสงอาทิตย์', 'โซลาร์เซลล์'],
        vi: ['pin mặt trời', 'quang điện'],
        id: ['sel surya', 'fotovoltaik'],
        ms: ['sel suria', 'fotovoltan'],
      }, [7]),
      concept(1001, 'sd.water.drip-irrigation', 'sd.water', {
        zh: ['滴灌'],
        en: ['drip irrigation'],
        th: ['ระบบน้ำหยด'],
        vi: ['tưới nhỏ giọt'],
        id: ['irigasi tetes'],
        ms: ['pengairan titis'],
      }, [2, 6]),
    ]),
    sector('health', [[200, 'health.pharma']], [
      concept(2000, 'health.pharma.vaccines', 'health.pharma', {
        zh: ['疫苗'],
        en: ['vaccine'],
        th: ['วัคซีน'],
        vi: ['vắc-xin', 'vắc xin'],
        id: ['vaksin'],
        ms: ['vaksin'],
      }, [3]),
      concept(2001, 'health.pharma.medicines', 'health.pharma', {
        zh: ['药物', '药'],
        en: ['medicine', 'drug'],
        th: ['ยา'],
        vi: ['thuốc'],
        id: ['obat'],
        ms: ['ubat'],
      }, [3]),
    ]),
    sector('digital', [[300, 'digital.ai'], [301, 'digital.ledger']], [
      concept(3000, 'digital.ai.artificial-intelligence', 'digital.ai', {
        zh: ['人工智能'],
        en: ['artificial intelligence', 'ai'],
        th: ['ปัญญาประดิษฐ์'],
        vi: ['trí tuệ nhân tạo'],
        id: ['kecerdasan buatan'],
        ms: ['kecerdasan buatan'],
      }),
      concept(3001, 'digital.ai.machine-learning', 'digital.ai', {
        zh: ['机器学习'],
        en: ['machine learning'],
        th: ['การเรียนรู้ของเครื่อง'],
        vi: ['học máy'],
        id: ['pembelajaran mesin'],
        ms: ['pembelajaran mesin'],
      }),
      concept(3002, 'digital.ledger.blockchain', 'digital.ledger', {
        zh: ['区块链'],
        en: ['blockchain'],
        th: ['บล็อกเชน'],
        vi: ['chuỗi khối'],
        id: ['rantai blok'],
        ms: ['rantaian blok'],
      }),
    ]),
  ];
}

export function fixtureTaxonomy(): Taxonomy {
  return buildTaxonomy(fixtureSectorFiles());
}
