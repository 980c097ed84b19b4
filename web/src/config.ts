/** What a stage tells its console at start (`config.json` beside `index.html`): where the API is. */
export interface ConsoleConfig {
  apiUrl: string;
  stage: string;
  region?: string;
  userPoolClientId?: string;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`The console's config.json could not be loaded (HTTP ${res.status}).`);
  const config = (await res.json()) as Partial<ConsoleConfig>;
  if (typeof config.apiUrl !== 'string' || !config.apiUrl) throw new Error("The console's config.json names no apiUrl.");
  return { stage: 'unknown', ...config, apiUrl: config.apiUrl.replace(/\/+$/, '') } as ConsoleConfig;
}
