import 'i18next';
import type { en } from './en';

// Keys are checked at compile time against the English resources (the complete set).
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
