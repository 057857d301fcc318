'use client';

// Signing in: the use notice (acknowledged every time), email and password, and the 6-digit code
// from an authenticator app. An account with no authenticator yet is shown a QR code to enrol, and
// its first code completes both enrolment and sign-in.
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { enrolmentDetailsAction, type EnrolmentDetails } from '@/app/sign-in/actions';
import { Field } from './field';

type Errors = { email?: string[]; password?: string[]; code?: string[]; acknowledged?: string[]; form?: string };

const REFUSALS: Record<string, string> = {
  notice: 'Confirm that you have read the notice.',
  invalid: 'The email or password is not right, or the account is disabled.',
  locked: 'This account is locked after too many failed attempts. Ask an administrator to unlock it.',
  code_required: 'Enter the 6-digit code from your authenticator app.',
  code_invalid: 'That code is not right, or it has already been used. Wait for the next code and try again.',
};

export function SignInForm({ returnTo, hasError, notice }: { returnTo: string; hasError: boolean; notice: string[] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Errors>(hasError ? { form: REFUSALS.invalid } : {});
  const [isPending, setPending] = useState(false);
  const [enrolment, setEnrolment] = useState<Extract<EnrolmentDetails, { ok: true }> | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    const code = String(data.get('code') ?? '').replace(/\s+/g, '');
    const acknowledged = data.get('acknowledged') === 'yes' ? 'yes' : '';
    const next: Errors = {};
    if (!acknowledged) next.acknowledged = ['Confirm that you have read the notice.'];
    if (!email) next.email = ['Enter your email address.'];
    if (!password) next.password = ['Enter your password.'];
    if (enrolment && !code) next.code = ['Enter the 6-digit code your authenticator app shows.'];
    if (Object.keys(next).length > 0) {
      setErrors({ ...next, form: 'Check the highlighted fields.' });
      return;
    }
    setPending(true);
    const result = await signIn('credentials', { email, password, code, acknowledged, redirect: false });
    if (result?.error === 'enrol') {
      const details = await enrolmentDetailsAction(email, password);
      setPending(false);
      if (details.ok) {
        setEnrolment(details);
        setErrors({});
      } else {
        setErrors({ form: REFUSALS.invalid });
      }
      return;
    }
    setPending(false);
    if (!result || result.error) {
      const message = REFUSALS[result?.error ?? 'invalid'] ?? REFUSALS.invalid!;
      setErrors(result?.error === 'code_required' || result?.error === 'code_invalid' ? { code: [message], form: message } : { form: message });
      return;
    }
    router.replace(returnTo);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Sign in">
      <div aria-live="polite">
        {errors.form && (
          <div className="alert alert-error" role="alert">
            <p>{errors.form}</p>
          </div>
        )}
      </div>
      <section className="use-notice" aria-labelledby="notice-heading">
        <h2 id="notice-heading">Notice to users</h2>
        {notice.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </section>
      <div className={`checkbox${errors.acknowledged ? ' field-error' : ''}`}>
        <input type="checkbox" id="field-acknowledged" name="acknowledged" value="yes" aria-describedby={errors.acknowledged ? 'field-acknowledged-error' : undefined} />
        <label htmlFor="field-acknowledged">I have read this notice and consent to these terms</label>
      </div>
      {errors.acknowledged && (
        <span className="error-message" id="field-acknowledged-error">
          <span className="visually-hidden">Error: </span>
          {errors.acknowledged.join(' ')}
        </span>
      )}
      <Field name="email" label="Email address" errors={errors.email}>
        {(props) => <input {...props} type="email" autoComplete="username" spellCheck={false} readOnly={enrolment !== null} />}
      </Field>
      <Field name="password" label="Password" errors={errors.password}>
        {(props) => <input {...props} type="password" autoComplete="current-password" readOnly={enrolment !== null} />}
      </Field>
      {enrolment && (
        <section className="panel" aria-labelledby="enrol-heading">
          <h2 id="enrol-heading">Set up your authenticator app</h2>
          <p>Every sign-in needs a code from an authenticator app. Scan this QR code with the app, or enter the key below, then type the 6-digit code it shows.</p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL generated for this user, not a static asset */}
          <img src={enrolment.qrDataUrl} alt="QR code to add T21 Tracker to your authenticator app" width={220} height={220} />
          <p>
            Key: <code data-testid="enrolment-key">{enrolment.secret}</code>
          </p>
        </section>
      )}
      <Field name="code" label="One-time code" hint="6 digits from your authenticator app" errors={errors.code}>
        {(props) => <input {...props} type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={8} />}
      </Field>
      <button type="submit" disabled={isPending}>
        {isPending ? 'Signing in…' : enrolment ? 'Confirm and sign in' : 'Sign in'}
      </button>
    </form>
  );
}
