/** What the app remembers between starts (see settings-service.ts). */
export { SettingsService, SETTINGS_FILE_NAME, type SettingsServiceOptions } from './settings-service.js';
export { normalizeSettings } from './settings-file.js';
