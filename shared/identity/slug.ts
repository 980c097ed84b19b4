import { randomBytes } from 'node:crypto';

/** `"Acme Corp!"` -> `acme-corp`: lower-case ASCII letters, digits and single dashes, at most 40 characters. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'org';
}

/** The slug to try on attempt `n`: the plain slug first, then with a short random suffix. */
export function slugCandidate(base: string, attempt: number): string {
  return attempt === 0 ? base : `${base}-${randomBytes(3).toString('hex')}`;
}
