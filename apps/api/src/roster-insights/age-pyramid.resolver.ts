import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow, READERS, agencyAt } from '../auth/access-rule';
import { AgePyramidArgs } from './age-pyramid.args';
import { AgePyramidModel } from './age-pyramid.model';
import { AgePyramidService } from './age-pyramid.service';

@Resolver(() => AgePyramidModel)
export class AgePyramidResolver {
  constructor(private readonly pyramids: AgePyramidService) {}

  // counts only: every reader of the agency may see them, personal data stays in the roster
  @Allow({ roles: READERS, agency: agencyAt('agencyCode') })
  @Query(() => AgePyramidModel, {
    description: "Age pyramid of an agency's current roster by sex and PNS/PPPK, the retirement ages of its policy, and exits per year.",
  })
  agePyramid(@Args() args: AgePyramidArgs): Promise<AgePyramidModel> {
    return this.pyramids.pyramid(args);
  }
}
