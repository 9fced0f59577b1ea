import { RetirementAgeRule } from './model';

/**
 * Retirement ages (BUP) of PP 11/2017 art. 239 and UU 20/2023 art. 55: the default policy a
 * new installation seeds. The engine never assumes them; a plan always carries its own table,
 * and positions whose own law says otherwise (teachers, lecturers, …) add rows of their own.
 */
export const REGULATION_RETIREMENT_AGES: readonly RetirementAgeRule[] = Object.freeze([
  { category: 'JPT', age: 60 },
  { category: 'ADMINISTRATOR', age: 58 },
  { category: 'PENGAWAS', age: 58 },
  { category: 'PELAKSANA', age: 58 },
  { category: 'FUNGSIONAL', age: 58 },
  { category: 'FUNGSIONAL', level: 'AHLI_MADYA', age: 60 },
  { category: 'FUNGSIONAL', level: 'AHLI_UTAMA', age: 65 },
]);
