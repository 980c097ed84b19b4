import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initApi } from './api';
import { App } from './app';
import { loadConfig } from './config';
import './styles.css';

async function start() {
  const root = createRoot(document.getElementById('root')!);
  try {
    const { session } = initApi(await loadConfig());
    await session.restore();
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  } catch (error) {
    root.render(
      <main className="auth-card">
        <h1>Argus console</h1>
        <p role="alert">{(error as Error).message}</p>
      </main>,
    );
  }
}

void start();
