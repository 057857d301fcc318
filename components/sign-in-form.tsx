'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Field } from './field';

type Errors = { email?: string[]; password?: string[]; form?: string };

export function SignInForm({ returnTo, hasError }: { returnTo: string; hasError: boolean }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Errors>(hasError ? { form: 'The email or password is not right.' } : {});
  const [isPending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    const next: Errors = {};
    if (!email) next.email = ['Enter your email address.'];
    if (!password) next.password = ['Enter your password.'];
    if (next.email || next.password) {
      setErrors({ ...next, form: 'Enter your email address and password.' });
      return;
    }
    setPending(true);
    const result = await signIn('credentials', { email, password, redirect: false });
    setPending(false);
    if (!result || result.error) {
      setErrors({ form: 'The email or password is not right, or the account is disabled.' });
      return;
    }
    router.replace(returnTo);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <div aria-live="polite">
        {errors.form && (
          <div className="alert alert-error" role="alert">
            <p>{errors.form}</p>
          </div>
        )}
      </div>
      <Field name="email" label="Email address" errors={errors.email}>
        {(props) => <input {...props} type="email" autoComplete="username" spellCheck={false} />}
      </Field>
      <Field name="password" label="Password" errors={errors.password}>
        {(props) => <input {...props} type="password" autoComplete="current-password" />}
      </Field>
      <button type="submit" disabled={isPending}>
        {isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
