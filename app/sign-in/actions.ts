'use server';

// Enrolment in one-time codes for an account that has none yet: after the password is checked again,
// the secret to add to an authenticator app, as a QR code and as text.
import QRCode from 'qrcode';
import { getDb } from '@/db/client';
import { pendingEnrolment } from '@/lib/auth/sign-in';
import { totpUri } from '@/lib/auth/totp';

export type EnrolmentDetails = { ok: true; secret: string; qrDataUrl: string } | { ok: false };

export async function enrolmentDetailsAction(email: unknown, password: unknown): Promise<EnrolmentDetails> {
  if (typeof email !== 'string' || typeof password !== 'string' || email.length > 254 || password.length > 256) return { ok: false };
  const pending = await pendingEnrolment(getDb(), email, password);
  if (!pending) return { ok: false };
  const qrDataUrl = await QRCode.toDataURL(totpUri(pending.secret, pending.email), { margin: 1, width: 220 });
  return { ok: true, secret: pending.secret, qrDataUrl };
}
