// What a password must be: 12 characters or more (long passphrases welcome: up to 256, never
// truncated), and not one of the common or breached passwords in the list shipped with the app
// (@zxcvbn-ts/language-common: about 49,000 passwords most often found in breach corpora).
import { dictionary } from '@zxcvbn-ts/language-common';

let common: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  const text = password.normalize('NFC').toLowerCase();
  // Padding a listed password with repeats or a digit or two does not make it another password.
  return common.has(text) || common.has(text.replace(/(.)\1+$/, '$1')) || common.has(text.replace(/\d{1,4}$/, ''));
}
