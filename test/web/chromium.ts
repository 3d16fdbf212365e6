/**
 * Debian's Chromium and the flags every headless launch uses (tests and `bench/render.ts`).
 * Kept apart from `browser.ts`, which imports vitest and so cannot be loaded by the bench.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
