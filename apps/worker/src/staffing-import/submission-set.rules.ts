import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { currentRosterIds, currentRostersFrom, rosterRowsTable } from '@formasi/database';
import { HeaderMapping } from '@formasi/staffing';
import { StaffingRule } from './staffing-row.checker';

/** The rules a row cannot check alone, as SQL over the staged rows (the per-row rules run in the stager). */
@Injectable()
export class SubmissionSetRules {
  /** The rule that needs other agencies' rosters: one INSERT … SELECT over the staged rows. */
  async apply(tx: EntityManager, submissionId: string, agencyId: string, mapping: HeaderMapping): Promise<void> {
    const others = await currentRosterIds(tx, agencyId);
    if (others.length === 0) return;
    const insert = `INSERT INTO staffing_submission_error (submission_id, row_no, column_name, rule, value, message, severity)`;
    await tx.query(
      `${insert} SELECT $1, s.row_no, $2, '${StaffingRule.NIP_ACTIVE_ELSEWHERE}', s.nip,
              'NIP ' || s.nip || ' is in post in agency ' || a.code || '; confirm the transfer when committing', 'TRANSFER'
         FROM ${rosterRowsTable(submissionId)} s JOIN ${currentRostersFrom('$3')} ON r.nip = s.nip JOIN agency a ON a.id = cur.agency_id`,
      [submissionId, mapping.label.nip, others],
    );
  }
}
