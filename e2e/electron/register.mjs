// `node --import ./e2e/electron/register.mjs out/main/index.js`: the built main process, with
// `electron` resolved to the simulation in this folder (the binary cannot be had here).
import { register } from 'node:module';

register('./resolveElectron.mjs', import.meta.url);
