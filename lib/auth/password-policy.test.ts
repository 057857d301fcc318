// The password rules: length from 12 to 256 characters (long passphrases whole, never truncated), and
// nothing on the shipped list of common and breached passwords, however padded.
import { describe, expect, it } from 'vitest';
import { passwordSchema } from '@/lib/admin/manage-users';
import { hashPassword, verifyPassword } from './password';
import { isCommonPassword } from './password-policy';

const refusal = (p: string) => {
  const result = passwordSchema.safeParse(p);
  return result.success ? null : result.error.issues.map((i) => i.message).join(' ');
};

describe('the password rules', () => {
  it('refuses fewer than 12 characters and accepts 12, 64 and 256', () => {
    expect(refusal('short pass 1')).toBeNull();
    expect(refusal('eleven char')).toMatch(/at least 12/);
    expect(refusal('river lantern orchard '.repeat(3).slice(0, 64))).toBeNull();
    expect(refusal('a quiet walk past the old mill'.repeat(9).slice(0, 256))).toBeNull();
    expect(refusal('x'.repeat(257))).toMatch(/at most 256/);
  });

  it('refuses common and breached passwords, also padded with digits or repeats, in any case', () => {
    for (const p of ['password1234', 'PASSWORD1234', '1q2w3e4r5t6y', 'qwertyuiop12', 'iloveyou2026', 'passwordddddd']) {
      expect(isCommonPassword(p), p).toBe(true);
      if (p.length >= 12) expect(refusal(p), p).toMatch(/common and breached/);
    }
    expect(isCommonPassword('violet harbour tractor')).toBe(false);
  });

  it('hashes the whole of a long passphrase: changing its last character fails', async () => {
    const long = 'a quiet walk past the old mill '.repeat(8);
    const stored = hashPassword(long);
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword(long, stored)).toBe(true);
    expect(await verifyPassword(`${long.slice(0, -1)}!`, stored)).toBe(false);
  });
});
