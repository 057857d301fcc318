// Settings come from the environment, checked once with zod; a bad value stops start-up with a message
// naming the variable. README "Configuration" lists every setting; keep the two in step.
import { z } from 'zod';

const settingsSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^file:.+/, 'must be a file: URL, e.g. file:./data/t21.db')
    .default('file:./data/t21.db'),
  T21_TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as America/New_York')
    .default('America/New_York'),
  T21_DESIGNATION_MONTHS: z.coerce.number().int().min(1).max(60).default(12),
  T21_RENEWAL_WINDOW_DAYS: z.coerce.number().int().min(0).max(365).default(60),
  // A completion whose refresher falls due within this many days shows as "expiring soon".
  T21_TRAINING_EXPIRING_DAYS: z.coerce.number().int().min(0).max(365).default(60),
});

export type Settings = z.infer<typeof settingsSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

let cached: Settings | undefined;

export function settings(): Settings {
  if (cached) return cached;
  const parsed = settingsSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

/** The SQLite file named by a file: URL. */
export function databasePath(url: string): string {
  return url.replace(/^file:/, '');
}
