import { Args, Query, Resolver } from '@nestjs/graphql';
import { ADMINS, Allow } from '../auth/access-rule';
import { AuditLogArgs, AuditLogPageModel } from './audit-log.model';
import { AuditLogService } from './audit-log.service';

@Resolver()
export class AuditLogResolver {
  constructor(private readonly log: AuditLogService) {}

  @Allow({ roles: ADMINS })
  @Query(() => AuditLogPageModel, { description: 'Who changed what, when and from where; append-only.' })
  auditLog(@Args() args: AuditLogArgs): Promise<AuditLogPageModel> {
    return this.log.page(args);
  }
}
