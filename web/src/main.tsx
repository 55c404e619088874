import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { installTrustedTypesPolicy } from './lib/trusted-types.ts';
import './styles.css';

installTrustedTypesPolicy();

const saved = window.localStorage.getItem('vigil-theme');
document.documentElement.dataset.theme = saved === 'light' ? 'light' : 'dark';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
