import { Global, Module } from '@nestjs/common';
import { AuditLogResolver } from './audit-log.resolver';
import { AuditLogService } from './audit-log.service';
import { AuditService } from './audit.service';

/** The audit log: every feature records its changes through AuditService; admins read it. */
@Global()
@Module({ providers: [AuditService, AuditLogService, AuditLogResolver], exports: [AuditService] })
export class AuditModule {}
