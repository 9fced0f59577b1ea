import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditActor } from '@formasi/database';
import type { OutcomeLineInput } from '../apps/api/src/outcomes/recruitment-outcome.model';
import { RecruitmentOutcomeService } from '../apps/api/src/outcomes/recruitment-outcome.service';
import { ProposalPolicyService } from '../apps/api/src/proposals/proposal-policy.service';
import { ProposalService } from '../apps/api/src/proposals/proposal.service';
import { DEMO_ACCOUNTS, DEMO_AGENCY, DEMO_PROPOSAL_POLICY } from './demo-data';

/**
 * The demo regency's formation proposals, moved by the demo accounts through the same service
 * the API uses: the first plan year's proposal DETERMINED (a verifier lowered one line, the
 * ministry set the decree), the second one SIGNED by the agency head and waiting for BKN.
 * The determined one has its recruitment outcomes (realisasi): filled lines, withdrawals,
 * optimalisasi and unfilled places for lack of qualified applicants or of any applicant.
 * Leaves proposals that exist alone, and records the same outcomes again, so a restart changes nothing.
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
      if (existing.state === 'DETERMINED') await seedOutcomes(app, as('AGENCY_OPERATOR'), existing.id);
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
      await seedOutcomes(app, as('AGENCY_OPERATOR'), p.id);
    }
    out.push({ year, id: p.id, state: p.state });
  }
  return out;
}

/** One of five outcomes per line in turn, from its determined count d: every figure follows the funnel's rules. */
function demoOutcome(k: number, lineId: string, d: number): OutcomeLineInput {
  const none = { lineId, applicants: 0, passed: 0, optimalisasi: 0, withdrew: 0, appointed: 0, unfilled: 0, unfilledReason: null };
  if (d === 0) return none;
  switch (k % 5) {
    case 0:
      return { ...none, applicants: 12 * d, passed: d + 1, appointed: d };
    case 1:
      return { ...none, applicants: 3 * d, passed: d, withdrew: 1, appointed: d - 1, unfilled: 1, unfilledReason: 'WITHDREW' };
    case 2:
      return { ...none, applicants: 5, unfilled: d, unfilledReason: 'NOT_QUALIFIED' };
    case 3:
      return { ...none, unfilled: d, unfilledReason: 'NO_APPLICANT' };
    default:
      return { ...none, applicants: 8 * d, passed: d - 1, optimalisasi: 1, appointed: d };
  }
}

async function seedOutcomes(app: INestApplicationContext, actor: AuditActor, proposalId: string): Promise<void> {
  const outcomes = app.get(RecruitmentOutcomeService);
  const lines = await outcomes.lines(proposalId);
  await outcomes.record(actor, { proposalId, dryRun: false, lines: lines.map((l, k) => demoOutcome(k, l.lineId, l.determined)) });
}
