/** What the quality check looks at; plain data so it can be tested alone. */
export interface ListingQualityInput {
  kind: 'offer' | 'need';
  title: string;
  summary?: string | null;
  description: string;
  advantages?: string | null;
  requirements?: string | null;
  keywords?: string[];
  conceptCount: number;
  /** Chinese and Thai say in few characters what others say in many. */
  language: string;
}

export interface QualityIssue {
  code: 'description-too-short' | 'no-keywords' | 'no-advantages' | 'no-requirements' | 'contact-details-in-text' | 'no-summary' | 'no-concepts';
  message: string;
}

const DENSE_SCRIPT_LANGUAGES = new Set(['zh', 'ja', 'th']);
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;
const PHONE = /(?:\+|00)\d[\d\s().-]{7,}\d|\b\d{3,4}[\s-]\d{3,4}[\s-]\d{3,4}\b/;
const URL = /\bhttps?:\/\/|\bwww\.[\w-]+\./i;

/**
 * Tells the owner what is missing or weak before reviewers and the matcher see it. Advice, not
 * validation: a listing with issues is still accepted.
 */
export function assessListingQuality(listing: ListingQualityInput): QualityIssue[] {
  const issues: QualityIssue[] = [];
  const minimumDescription = DENSE_SCRIPT_LANGUAGES.has(listing.language.slice(0, 2)) ? 60 : 200;
  if ([...listing.description.trim()].length < minimumDescription) {
    issues.push({
      code: 'description-too-short',
      message: `the description is very short; at least ${minimumDescription} characters help reviewers and the matcher understand the technology`,
    });
  }
  if (!listing.summary?.trim()) issues.push({ code: 'no-summary', message: 'add a one-paragraph summary for the recommendation lists' });
  if (!listing.keywords?.length) issues.push({ code: 'no-keywords', message: 'add a few keywords' });
  if (listing.kind === 'offer' && !listing.advantages?.trim()) {
    issues.push({ code: 'no-advantages', message: 'say what is new and better about the technology (advantages and innovation)' });
  }
  if (listing.kind === 'need' && !listing.requirements?.trim()) {
    issues.push({ code: 'no-requirements', message: 'say what the technology must do (requirements)' });
  }
  if (listing.conceptCount === 0) {
    issues.push({ code: 'no-concepts', message: 'no technology of the taxonomy was recognised in the text; name the technology plainly so it can be matched' });
  }
  const text = [listing.title, listing.summary, listing.description, listing.advantages, listing.requirements].filter(Boolean).join('\n');
  if (EMAIL.test(text) || PHONE.test(text) || URL.test(text)) {
    issues.push({
      code: 'contact-details-in-text',
      message: 'the text contains contact details (email, phone or web address); they belong in the party profile, where they are shared once a match is approved',
    });
  }
  return issues;
}
