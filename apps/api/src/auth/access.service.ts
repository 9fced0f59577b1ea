import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import type { AgencyRef } from './access-rule';

/** What an agency reference resolves to: nothing found, one agency, a run over every agency, or national data. */
export type ResolvedAgency = { kind: 'missing' } | { kind: 'agency'; id: string } | { kind: 'all' } | { kind: 'national' };

/** Looks up which agency an argument points at; one indexed query each. */
@Injectable()
export class AccessService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async resolve(ref: AgencyRef): Promise<ResolvedAgency> {
    if ('agencyCode' in ref) {
      if (ref.agencyCode == null) return { kind: 'national' };
      return this.one('SELECT id FROM agency WHERE code = $1', ref.agencyCode);
    }
    if ('runId' in ref) {
      if (!ref.runId || !isUUID(ref.runId)) return { kind: 'missing' };
      const [row] = (await this.db.query('SELECT agency_id AS id FROM plan_run WHERE id = $1', [ref.runId])) as Array<{
        id: string | null;
      }>;
      // a run over every agency: a limited actor reads its own agencies' part of it
      return !row ? { kind: 'missing' } : row.id === null ? { kind: 'all' } : { kind: 'agency', id: row.id };
    }
    if ('submissionId' in ref) {
      if (!ref.submissionId || !isUUID(ref.submissionId)) return { kind: 'missing' };
      return this.one('SELECT agency_id AS id FROM staffing_submission WHERE id = $1', ref.submissionId);
    }
    if ('standardsSubmissionId' in ref) {
      if (!ref.standardsSubmissionId || !isUUID(ref.standardsSubmissionId)) return { kind: 'missing' };
      // a national submission (position-wide standards) is national data
      return this.one('SELECT agency_id AS id FROM standards_submission WHERE id = $1', ref.standardsSubmissionId);
    }
    if ('proposalId' in ref) {
      if (!ref.proposalId || !isUUID(ref.proposalId)) return { kind: 'missing' };
      return this.one('SELECT agency_id AS id FROM proposal WHERE id = $1', ref.proposalId);
    }
    if (!ref.allocationId || !isUUID(ref.allocationId)) return { kind: 'missing' };
    return this.one(
      `SELECT coalesce(ag.id, r.agency_id) AS id, (ag.id IS NULL AND r.agency_id IS NULL) AS national
         FROM quota_allocation q JOIN plan_run r ON r.id = q.run_id LEFT JOIN agency ag ON ag.code = q.agency_code
        WHERE q.id = $1`,
      ref.allocationId,
    );
  }

  private async one(sql: string, key: string): Promise<ResolvedAgency> {
    const [row] = (await this.db.query(sql, [key])) as Array<{ id: string | null; national?: boolean }>;
    if (!row) return { kind: 'missing' };
    return row.national || row.id === null ? { kind: 'national' } : { kind: 'agency', id: row.id };
  }
}
