import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, enBrokerView } from './en';
import { ko, koBrokerView } from './ko';
import { LANGUAGES } from './languages';

/**
 * The UI's one i18next instance. Resources are bundled (the app works offline), so it is ready
 * synchronously before the first render. React escapes text itself, so i18next must not.
 */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en, brokerView: enBrokerView }, ko: { translation: ko, brokerView: koBrokerView } },
  lng: LANGUAGES[0],
  fallbackLng: LANGUAGES[0],
  supportedLngs: LANGUAGES,
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
