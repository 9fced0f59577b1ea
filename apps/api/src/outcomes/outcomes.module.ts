import { Module } from '@nestjs/common';
import { AppointeeMatchResolver } from './appointee-match.resolver';
import { FormationNeedCarryOverResolver, ProposalCarryOverResolver } from './carry-over.resolver';
import { ProposalsModule } from '../proposals/proposals.module';
import { RecruitmentOutcomeController } from './recruitment-outcome.controller';
import { RecruitmentOutcomeResolver } from './recruitment-outcome.resolver';
import { RecruitmentOutcomeService } from './recruitment-outcome.service';

/** Plan against reality: what became of determined formation (realisasi), and the recruitment funnel. */
@Module({
  imports: [ProposalsModule],
  controllers: [RecruitmentOutcomeController],
  providers: [
    RecruitmentOutcomeService,
    RecruitmentOutcomeResolver,
    FormationNeedCarryOverResolver,
    ProposalCarryOverResolver,
    AppointeeMatchResolver,
  ],
})
export class OutcomesModule {}
