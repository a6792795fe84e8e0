import { DataSource } from 'typeorm';
import { SECTORS } from '../modules/matching/taxonomy/taxonomy.types';
import type { DemoApiClient } from './demo-forum.loader';

export interface MatchingProgress {
  scored: number;
  published: number;
}

/** Published listings whose current revision the worker has scored, out of all published ones. */
export async function matchingProgress(dataSource: DataSource): Promise<MatchingProgress> {
  const [row] = await dataSource.query(
    `SELECT count(*) FILTER (WHERE scored_revision >= revision)::int AS scored, count(*)::int AS published FROM listings WHERE status = 'published'`,
  );
  return { scored: row.scored, published: row.published };
}

/**
 * Waits until every published listing is scored, or until the count has not moved for `stallMs`:
 * a listing whose scoring failed for good would otherwise keep the demo waiting for ever.
 */
export async function waitForMatching(
  dataSource: DataSource,
  onProgress: (progress: MatchingProgress) => void,
  { stallMs = 60_000, pollMs = 500 }: { stallMs?: number; pollMs?: number } = {},
): Promise<MatchingProgress> {
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const progress = await matchingProgress(dataSource);
    onProgress(progress);
    if (progress.scored >= progress.published) return progress;
    if (progress.scored !== last) {
      last = progress.scored;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > stallMs) {
      return progress;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

interface Side {
  title: string;
  language: string;
  partyName: string;
  country: string;
}

export interface ReportedMatch {
  id: string;
  sector: string;
  score: number;
  crossLanguage: boolean;
  offer: Side;
  need: Side;
  factors: { name: string; contribution: number }[];
  sharedConcepts: { code: string; labels: Record<string, string> }[];
}

/**
 * The best pair per offer, then per sector the best cross-language pairs (the platform's point: a
 * Chinese offer found by a Thai need) before the best same-language ones.
 */
export async function bestMatches(dataSource: DataSource, api: DemoApiClient, adminToken: string, crossPerSector = 3, samePerSector = 2): Promise<ReportedMatch[]> {
  const rows: { id: string; need_id: string; sector: string; cross_language: boolean }[] = await dataSource.query(
    `WITH best_per_offer AS (
       SELECT DISTINCT ON (m.offer_id) m.id, m.need_id, m.score, o.sector,
              split_part(lower(o.language), '-', 1) <> split_part(lower(n.language), '-', 1) AS cross_language
         FROM matches m JOIN listings o ON o.id = m.offer_id JOIN listings n ON n.id = m.need_id
        WHERE o.status = 'published' AND n.status = 'published' AND m.status <> 'rejected'
        ORDER BY m.offer_id, m.score DESC, m.id
     ), ranked AS (
       SELECT *, row_number() OVER (PARTITION BY sector, cross_language ORDER BY score DESC, id) AS rank FROM best_per_offer
     )
     SELECT id, need_id, sector, cross_language FROM ranked
      WHERE (cross_language AND rank <= $1) OR (NOT cross_language AND rank <= $2)
      ORDER BY array_position($3::text[], sector::text), cross_language DESC, score DESC`,
    [crossPerSector, samePerSector, SECTORS],
  );
  const report: ReportedMatch[] = [];
  for (const row of rows) {
    // Through the API, so the explanation is the one a party reads, with concept labels in both languages.
    const page = await api.expect(200, 'GET', `/needs/${row.need_id}/matches?limit=100`, { token: adminToken });
    const match = page.items.find((item: { id: string }) => item.id === row.id);
    if (!match) continue;
    const side = (listing: { title: string; language: string; partyName: string; country: string }): Side => ({
      title: listing.title,
      language: listing.language,
      partyName: listing.partyName,
      country: listing.country,
    });
    report.push({
      id: match.id,
      sector: row.sector,
      score: match.score,
      crossLanguage: row.cross_language,
      offer: side(match.offer),
      need: side(match.need),
      factors: match.explanation.factors.map((f: { name: string; contribution: number }) => ({ name: f.name, contribution: f.contribution })),
      sharedConcepts: match.explanation.sharedConcepts.map((c: { code: string; labels: Record<string, string> }) => ({ code: c.code, labels: c.labels })),
    });
  }
  return report;
}

const SECTOR_TITLES: Record<string, string> = {
  'sustainable-development': 'Sustainable development',
  health: 'Health',
  digital: 'Digital',
};

const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** Plain text for a terminal: one block per sector, each pair with its shared concepts and its largest factors. */
export function formatReport(matches: ReportedMatch[]): string {
  const lines: string[] = [];
  for (const sector of SECTORS) {
    const inSector = matches.filter((m) => m.sector === sector);
    if (!inSector.length) continue;
    lines.push('', `── ${SECTOR_TITLES[sector]} ${'─'.repeat(Math.max(0, 60 - SECTOR_TITLES[sector].length))}`);
    for (const match of inSector) {
      const languages = `${match.offer.language}→${match.need.language}`;
      lines.push(
        `  ${match.score.toFixed(2)}  ${match.crossLanguage ? 'cross-language' : 'same language '} ${languages}`,
        `        offer: ${clip(match.offer.title, 70)}  (${clip(match.offer.partyName, 40)}, ${match.offer.country})`,
        `        need:  ${clip(match.need.title, 70)}  (${clip(match.need.partyName, 40)}, ${match.need.country})`,
      );
      const concepts = match.sharedConcepts.slice(0, 4).map((concept) => {
        const labels = [concept.labels.en, concept.labels[match.offer.language], concept.labels[match.need.language]].filter(Boolean);
        return [...new Set(labels)].join(' / ');
      });
      if (concepts.length) lines.push(`        shared concepts: ${concepts.join('; ')}`);
      const factors = [...match.factors].sort((a, b) => b.contribution - a.contribution).filter((f) => f.contribution > 0).slice(0, 4);
      lines.push(`        why: ${factors.map((f) => `${f.name} +${f.contribution.toFixed(2)}`).join(', ')}`);
    }
  }
  return lines.join('\n');
}
