import { registerBackend } from '@tsmlx/backends';
import { createXlaBackend } from './backend.js';

/**
 * Registers the XLA backend as `xla` (aliases `stablehlo`, `pjrt`) with priority 20, above backend-simple:
 * `getBackend()` picks it when a PJRT plugin is found and starts, and falls back otherwise. Registration
 * loads nothing native; the plugin is opened when the backend is first requested.
 */
export function registerXlaBackend(): void {
  registerBackend('xla', createXlaBackend, { priority: 20, aliases: ['stablehlo', 'pjrt'] });
}

registerXlaBackend();
