// Time-based one-time codes (RFC 6238) with otplib: 6 digits, 30-second steps, a step either side
// accepted for clock drift. The time step a code was accepted at is stored, and no code from that
// step or an earlier one is accepted again, so a code cannot be used twice.
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

export const TOTP_ISSUER = 'T21 Tracker';
const TOLERANCE_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// address an authenticator app reads from the enrolment QR code. */
export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/** The current code for a secret (the demo sign-in page, and tests). */
export function totpCode(secret: string, at = Date.now()): string {
  return generateSync({ secret, epoch: Math.floor(at / 1000) });
}

/** The time step the code belongs to, or null if it is wrong or was already used. */
export function acceptTotp(secret: string, code: string, lastStep: number | null, at = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const result = verifySync({ secret, token: code, epoch: Math.floor(at / 1000), epochTolerance: TOLERANCE_SECONDS, ...(lastStep === null ? {} : { afterTimeStep: lastStep }) });
  return result.valid && 'timeStep' in result ? (result.timeStep as number) : null;
}
