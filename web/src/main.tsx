import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { dialoguePath, prefetch } from './api.js';
import { App } from './app.js';
import './i18n/index.js';
import './styles.css';

// The floor, a dialogue's landing page, is what most visits open first: its data is asked for
// at once, alongside the session and the dialogue list (bench/render.ts times the page).
const floor = /^\/d\/([^/]+)\/floor\/?$/.exec(window.location.pathname);
if (floor) prefetch(dialoguePath(decodeURIComponent(floor[1]!), '/floor'));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
