process.env.ALLOWED_ORIGINS = 'http://localhost:*,https://console.example.com';

// Settings are read at import, so the module is required after the environment is set.
const { isAllowedOrigin, isAllowedRedirect } = require('./allowed-origins') as typeof import('./allowed-origins');

describe('allowed origins', () => {
  it('accepts any port of a `:*` entry and exact origins', () => {
    expect(isAllowedOrigin('http://localhost:5173')).toBe(true);
    expect(isAllowedOrigin('http://localhost')).toBe(true);
    expect(isAllowedOrigin('https://console.example.com')).toBe(true);
  });
  it('refuses other schemes, hosts, look-alikes and non-origins', () => {
    expect(isAllowedOrigin('https://localhost:5173')).toBe(false);
    expect(isAllowedOrigin('http://localhost.evil.com')).toBe(false);
    expect(isAllowedOrigin('https://console.example.com.evil.com')).toBe(false);
    expect(isAllowedOrigin('https://console.example.com/')).toBe(false);
    expect(isAllowedOrigin('null')).toBe(false);
  });
  it('checks redirect URLs by their origin', () => {
    expect(isAllowedRedirect('http://localhost:3000/console/billing?ok=1')).toBe(true);
    expect(isAllowedRedirect('https://evil.com/?next=http://localhost')).toBe(false);
    expect(isAllowedRedirect('javascript:alert(1)')).toBe(false);
    expect(isAllowedRedirect('not a url')).toBe(false);
  });
});
