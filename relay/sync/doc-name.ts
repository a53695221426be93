import { z } from 'zod';

/** Document names as they appear in /sync/<name>: short, URL-safe, no path separators. */
export const DocName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@~-]*$/, 'letters, digits and . _ : @ ~ - only, starting with a letter or digit');

/** Extracts the document name from a /sync/<name> request path, or returns an error message. */
export function docNameFromPath(pathname: string, prefix: string): { ok: true; name: string } | { ok: false; error: string } {
  let raw: string;
  try {
    raw = decodeURIComponent(pathname.slice(prefix.length));
  } catch {
    return { ok: false, error: 'document name is not valid URL encoding' };
  }
  const parsed = DocName.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `invalid document name: ${parsed.error.issues[0]?.message ?? 'rejected'}` };
  return { ok: true, name: parsed.data };
}
