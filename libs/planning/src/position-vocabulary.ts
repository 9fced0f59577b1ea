import { POSITION_CATEGORIES, POSITION_LEVELS, PositionCategory, PositionLevel } from './model';

// Position categories and levels as people write them in rosters and spreadsheets ("Ahli Madya",
// "JPT Pratama", "Fungsional"), mapped to the canonical codes of DOMAIN.md's glossary (UU 20/2023:
// JPT utama/madya/pratama; JF keahlian ahli pertama … utama; JF keterampilan pemula … penyelia).

/** lowercase, one space between words; "_" and "-" count as spaces */
const normalise = (text: string): string =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/** Words that only say "this is a position": "Jabatan Fungsional" = "Fungsional". */
const stripFiller = (text: string): string => text.replace(/^(jabatan|jenjang|kategori) /, '');

const CATEGORY_WORDS: Record<string, PositionCategory> = {
  jpt: 'JPT',
  'pimpinan tinggi': 'JPT',
  'jabatan pimpinan tinggi': 'JPT',
  administrator: 'ADMINISTRATOR',
  administrasi: 'ADMINISTRATOR',
  pengawas: 'PENGAWAS',
  pelaksana: 'PELAKSANA',
  fungsional: 'FUNGSIONAL',
  jf: 'FUNGSIONAL',
};

/** Level names that mean one level whatever the category says. */
const LEVEL_WORDS: Record<string, PositionLevel> = {
  'jpt utama': 'JPT_UTAMA',
  'jpt madya': 'JPT_MADYA',
  'jpt pratama': 'JPT_PRATAMA',
  'pimpinan tinggi utama': 'JPT_UTAMA',
  'pimpinan tinggi madya': 'JPT_MADYA',
  'pimpinan tinggi pratama': 'JPT_PRATAMA',
  pratama: 'JPT_PRATAMA',
  'ahli pertama': 'AHLI_PERTAMA',
  'ahli muda': 'AHLI_MUDA',
  'ahli madya': 'AHLI_MADYA',
  'ahli utama': 'AHLI_UTAMA',
  pertama: 'AHLI_PERTAMA',
  muda: 'AHLI_MUDA',
  pemula: 'PEMULA',
  terampil: 'TERAMPIL',
  mahir: 'MAHIR',
  penyelia: 'PENYELIA',
};

/** "Utama" and "Madya" name a JPT level and an expert (ahli) level: the category decides. */
const SHARED_LEVEL_WORDS: Record<string, Partial<Record<PositionCategory, PositionLevel>>> = {
  utama: { JPT: 'JPT_UTAMA', FUNGSIONAL: 'AHLI_UTAMA' },
  madya: { JPT: 'JPT_MADYA', FUNGSIONAL: 'AHLI_MADYA' },
};

const titleCase = (code: string): string =>
  code
    .toLowerCase()
    .split('_')
    .map((w) => (w === 'jpt' ? 'JPT' : w[0]!.toUpperCase() + w.slice(1)))
    .join(' ');

export const ACCEPTED_CATEGORY_TEXT = `${POSITION_CATEGORIES.map(titleCase).join(', ')} (or the codes ${POSITION_CATEGORIES.join(', ')})`;
export const ACCEPTED_LEVEL_TEXT = `${POSITION_LEVELS.map(titleCase).join(', ')}; "Utama"/"Madya" alone under JPT or Fungsional (or the codes ${POSITION_LEVELS.join(', ')})`;

export type VocabularyResult<T> = { code: T } | { problem: string };

/** A category as written ("Fungsional", "jabatan fungsional", "JPT", "FUNGSIONAL") → its code. */
export function parsePositionCategory(text: string): VocabularyResult<PositionCategory> {
  const upper = text.trim().toUpperCase();
  if ((POSITION_CATEGORIES as readonly string[]).includes(upper)) return { code: upper as PositionCategory };
  const words = normalise(text);
  const code = CATEGORY_WORDS[words] ?? CATEGORY_WORDS[stripFiller(words)];
  return code ? { code } : { problem: `"${text.trim()}" is not a position category; accepted: ${ACCEPTED_CATEGORY_TEXT}` };
}

/**
 * A level as written ("Ahli Madya", "ahli-madya", "JPT Pratama", "Pratama", "AHLI_MADYA") → its code.
 * `category` (the catalogue's, else the row's) decides "Utama" and "Madya" written alone.
 */
export function parsePositionLevel(text: string, category: PositionCategory | null): VocabularyResult<PositionLevel> {
  const upper = text
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  if ((POSITION_LEVELS as readonly string[]).includes(upper)) return { code: upper as PositionLevel };
  const words = stripFiller(normalise(text));
  const code = LEVEL_WORDS[words];
  if (code) return { code };
  const shared = SHARED_LEVEL_WORDS[words];
  if (shared) {
    const resolved = category ? shared[category] : undefined;
    if (resolved) return { code: resolved };
    return {
      problem:
        `"${text.trim()}" is a level of both JPT and Fungsional positions` +
        `${category ? `, not of ${category}` : ''}; write "JPT ${titleCase(words.toUpperCase())}" or "Ahli ${titleCase(words.toUpperCase())}"`,
    };
  }
  return { problem: `"${text.trim()}" is not a position level; accepted: ${ACCEPTED_LEVEL_TEXT}` };
}
