import english from '../translations/en-US.json';
import { createT, type Translation } from './translate';

/** The English strings bundled with the UI: the fallback for keys a translation lacks. */
export const bundledEnglish = english as Translation;

/** Translates into the bundled English: outside an I18nProvider, and in unit tests. */
export const englishT = createT('en-US', [bundledEnglish]);
