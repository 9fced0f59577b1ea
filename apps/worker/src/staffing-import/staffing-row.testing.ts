import { mapHeader } from '@formasi/staffing';
import { RowCheckContext } from './staffing-row.checker';

/** The agency the row-rule tests check against: two positions (GURU with its own BUP 60), two units. */
export function testRowContext(header: string[], asOf = '2026-06-30'): RowCheckContext {
  return {
    mapping: mapHeader(header),
    positions: new Map([
      ['PENGADMIN', { category: 'PELAKSANA', level: null, retirementAgeOverride: null }],
      ['GURU', { category: 'FUNGSIONAL', level: 'AHLI_MUDA', retirementAgeOverride: 60 }],
    ]),
    units: new Set(['SETDA', 'PKM-A']),
    agencyCode: 'KAB-X',
    retirementAges: [
      { category: 'PELAKSANA', age: 58 },
      { category: 'FUNGSIONAL', age: 58 },
    ],
    asOf,
  };
}
