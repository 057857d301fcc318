// Signing a demo account in over plain HTTP, as the sign-in form does through next-auth: fetch a CSRF
// token (with its cookie), post the credentials (notice, email, password, one-time code), keep the
// session cookie. Each account signs in once per server: a one-time code works once per 30-second
// step, so the cookie is reused for every timed request.
import Database from 'better-sqlite3';
import { DEMO_PASSWORD } from '@/lib/demo/seed-demo';
import { demoCodeNow } from '@/lib/demo/demo-mfa';

const SESSION_COOKIE = 't21.session';

class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      if (at > 0) this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  }

  header(filter: (name: string) => boolean = () => true): string {
    return [...this.cookies].filter(([name]) => filter(name)).map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** A code the account has not used yet: the current step's or the next's, else wait for a fresh step. */
async function unusedCode(databaseFile: string, email: string): Promise<string> {
  for (;;) {
    const sqlite = new Database(databaseFile, { readonly: true, fileMustExist: true });
    const row = sqlite.prepare('SELECT totp_last_step AS lastStep FROM users WHERE email = ?').get(email) as { lastStep: number | null } | undefined;
    sqlite.close();
    if (!row) throw new Error(`No demo account ${email} in ${databaseFile}.`);
    const code = demoCodeNow(email, row.lastStep);
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
}

/** Signs in and returns the Cookie header that carries the session (checked on /inbox). */
export async function signIn(baseUrl: string, databaseFile: string, email: string): Promise<string> {
  const jar = new CookieJar();
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };

  const body = new URLSearchParams({ csrfToken, email, password: DEMO_PASSWORD, code: await unusedCode(databaseFile, email), acknowledged: 'yes', json: 'true' });
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body,
    redirect: 'manual',
  });
  jar.take(response);
  const cookie = jar.header((name) => name.startsWith(SESSION_COOKIE));
  if (!cookie) throw new Error(`Signing in ${email} failed: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);

  // Proof the session works: a signed-in page, not a redirect to the sign-in page.
  const inbox = await fetch(`${baseUrl}/inbox`, { headers: { cookie }, redirect: 'manual' });
  await inbox.arrayBuffer();
  if (inbox.status !== 200) throw new Error(`${email} signed in, but /inbox answered ${inbox.status} (${inbox.headers.get('location') ?? ''}).`);
  return cookie;
}
