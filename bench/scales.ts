// Scales are named by their target number of requests ("10k", "50k" …). The demo generator is sized
// in fiscal years and initial proposals per year, and renewals come on top, so a scale is turned into
// (years, perYear) by a measured rule of thumb, and the count actually generated is always read back
// from the database and reported: the label is a target, never the figure.

export interface ScaleSpec {
  label: string;
  target: number;
  years: number;
  perYear: number;
}

export const DEFAULT_SCALES = ['10k', '50k', '100k', '200k'];

// Requests per initial proposal, renewals included. An agent renews about two times in three, up to
// five times, so the longer the history the more renewals each proposal brings: the ratio approaches
// about 2.56 and falls short of it by roughly 3.7 / (years of history). Fitted to measured runs:
// 5.15 years × 1,022 a year gave 9,666 requests (1.84 each); 13.15 years × 2,001 gave 59,777 (2.27).
function requestsPerProposal(elapsedYears: number): number {
  return 2.56 - 3.7 / elapsedYears;
}
// The yardstick: about 4,000 requests a year, 80,000 over twenty years.
const REQUESTS_PER_YEAR = 4000;
const MIN_YEARS = 5;
const MAX_YEARS = 20;

export function parseScale(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!match) throw new Error(`A scale is a number of requests such as 10k, 50k or 200000 (got "${text}").`);
  const factor = { '': 1, k: 1_000, m: 1_000_000 }[match[2]!.toLowerCase() as '' | 'k' | 'm'];
  const target = Math.round(Number(match[1]) * factor);
  if (target < 1000) throw new Error(`A scale needs at least 1k requests (got "${text}").`);
  return target;
}

/**
 * The generator's size for a target: as many years as the target would span at the real yearly rate
 * (five at least, twenty at most), then proposals per year to reach it. The history covers `years`
 * whole fiscal years plus the current one so far (seedDemoHistory), hence the fraction.
 */
export function scaleSpec(label: string, now = Date.now()): ScaleSpec {
  const target = parseScale(label);
  const years = Math.min(MAX_YEARS, Math.max(MIN_YEARS, Math.round(target / REQUESTS_PER_YEAR)));
  const elapsedYears = years + currentFiscalYearFraction(now);
  const perYear = Math.max(1, Math.round(target / (elapsedYears * requestsPerProposal(elapsedYears))));
  return { label: label.trim().toLowerCase(), target, years, perYear };
}

/** The share of the current fiscal year (from 1 October) already gone. */
function currentFiscalYearFraction(now: number): number {
  const date = new Date(now);
  const startYear = date.getUTCMonth() >= 9 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
  return (now - Date.UTC(startYear, 9, 1)) / (365 * 24 * 3_600_000);
}
