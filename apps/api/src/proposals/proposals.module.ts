import { Module } from '@nestjs/common';
import { FormationNeedProposalResolver } from './formation-need-proposal.resolver';
import { ProposalAttachmentController } from './proposal-attachment.controller';
import { ProposalAttachmentService } from './proposal-attachment.service';
import { ProposalPolicyService } from './proposal-policy.service';
import { ProposalRincianController } from './proposal-rincian.controller';
import { ProposalRincianService } from './proposal-rincian.service';
import { ProposalPolicyResolver, ProposalResolver } from './proposal.resolver';
import { ProposalService } from './proposal.service';

/** The formation proposal cycle: from a run's computed need to the ministry's determination. */
@Module({
  controllers: [ProposalAttachmentController, ProposalRincianController],
  providers: [
    ProposalService,
    ProposalPolicyService,
    ProposalAttachmentService,
    ProposalRincianService,
    ProposalResolver,
    ProposalPolicyResolver,
    FormationNeedProposalResolver,
  ],
  exports: [ProposalService],
})
export class ProposalsModule {}
