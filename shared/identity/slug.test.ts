import { slugCandidate, slugify } from './slug';

describe('slugify', () => {
  it.each([
    ['Acme Corp!', 'acme-corp'],
    ['  Ünïcode Café  ', 'unicode-cafe'],
    ['***', 'org'],
    ['a'.repeat(60), 'a'.repeat(40)],
  ])('%s -> %s', (name, slug) => expect(slugify(name)).toBe(slug));

  it('adds a random suffix after the first attempt', () => {
    expect(slugCandidate('acme', 0)).toBe('acme');
    expect(slugCandidate('acme', 1)).toMatch(/^acme-[0-9a-f]{6}$/);
  });
});
