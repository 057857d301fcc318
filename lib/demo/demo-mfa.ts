// Demo accounts' authenticator secrets: derived from the email, so the demo sign-in page (and the
// end-to-end tests) can show the current code. Demo data only: these accounts exist solely in a
// demo database, and the page shows codes only when the database is a demo one.
import { createHash } from 'node:crypto';
import { totpCode } from '@/lib/auth/totp';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function demoTotpSecret(email: string): string {
  return base32(createHash('sha256').update(`t21-demo-only-authenticator:${email}`).digest().subarray(0, 20));
}

const STEP_MS = 30_000;

/** A code the account can use now: the current step's, or the next one's if the current was used. */
export function demoCodeNow(email: string, lastStep: number | null, now = Date.now()): string | null {
  const current = Math.floor(now / STEP_MS);
  const step = [current, current + 1].find((s) => lastStep === null || s > lastStep);
  return step === undefined ? null : totpCode(demoTotpSecret(email), step * STEP_MS);
}
