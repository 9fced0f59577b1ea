import { Global, Module } from '@nestjs/common';
import { AuditLogResolver } from '../audit/audit-log.resolver';
import { AuditLogService } from '../audit/audit-log.service';
import { AuditService } from '../audit/audit.service';
import { AccessGuard } from './access.guard';
import { AccessService } from './access.service';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { RequestActors } from './request-actors';
import { TokenService } from './token.service';
import { UserService } from './user.service';

/** Authentication, access checks and the audit log, for every module of the API. */
@Global()
@Module({
  providers: [TokenService, AuthService, UserService, AccessService, RequestActors, AccessGuard, AuditService, AuditLogService, AuthResolver, AuditLogResolver],
  exports: [AuthService, UserService, AccessService, RequestActors, AccessGuard, AuditService],
})
export class AuthModule {}
