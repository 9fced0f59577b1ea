import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditActor } from '@formasi/database';
import { ProposalPolicyService } from '../apps/api/src/proposals/proposal-policy.service';
import { ProposalService } from '../apps/api/src/proposals/proposal.service';
import { DEMO_ACCOUNTS, DEMO_AGENCY, DEMO_PROPOSAL_POLICY } from './demo-data';

/**
 * The demo regency's formation proposals, moved by the demo accounts through the same service
 * the API uses: the first plan year's proposal DETERMINED (a verifier lowered one line, the
 * ministry set the decree), the second one SIGNED by the agency head and waiting for BKN.
 * Leaves proposals that exist alone, so a restart changes nothing.
 */
export async function seedDemoProposals(
  app: INestApplicationContext,
  runId: string,
  years: [number, number],
): Promise<Array<{ year: number; id: string; state: string }>> {
  const db = app.get(DataSource);
  const proposals = app.get(ProposalService);
  const actors = new Map<string, AuditActor>();
  for (const a of DEMO_ACCOUNTS) {
    const [user] = (await db.query('SELECT id FROM app_user WHERE email = $1', [a.email])) as Array<{ id: string }>;
    actors.set(a.role, { id: user!.id, email: a.email, role: a.role, via: 'SYSTEM' });
  }
  const as = (role: string): AuditActor => actors.get(role)!;
  await app.get(ProposalPolicyService).upsert(as('PLANNER'), { agencyCode: DEMO_AGENCY.code, ...DEMO_PROPOSAL_POLICY });

  const out: Array<{ year: number; id: string; state: string }> = [];
  for (const [i, year] of years.entries()) {
    const [existing] = (await db.query(`SELECT id, state FROM proposal WHERE agency_code = $1 AND year = $2 AND state <> 'WITHDRAWN'`, [
      DEMO_AGENCY.code,
      year,
    ])) as Array<{ id: string; state: string }>;
    if (existing) {
      out.push({ year, ...existing });
      continue;
    }
    let p = await proposals.createFromRun(as('AGENCY_OPERATOR'), { runId, agencyCode: DEMO_AGENCY.code, year });
    p = await proposals.submit(as('AGENCY_OPERATOR'), { id: p.id });
    p = await proposals.sign(as('AGENCY_HEAD'), { id: p.id, signerName: 'Drs. H. Asep Sunarya, M.Si.', signerNip: '196805121994031007' });
    if (i === 0) {
      p = await proposals.take(as('VERIFIER'), { id: p.id });
      const lines = await proposals.lines(p.id);
      // the verifier lowers the largest line by one: a shortage met partly by a transfer, as verval often decides
      const largest = [...lines].sort((a, b) => b.count - a.count)[0]!;
      p = await proposals.verify(as('VERIFIER'), {
        id: p.id,
        adjustments: [{ lineId: largest.id, count: largest.count - 1, reason: 'Satu formasi dipenuhi melalui mutasi' }],
      });
      p = await proposals.determine(as('MINISTRY'), {
        id: p.id,
        decreeNumber: `B/1187/M.SM.01.00/${year}`,
        decreeDate: `${year}-02-17`,
        lines: [],
      });
    }
    out.push({ year, id: p.id, state: p.state });
  }
  return out;
}
