import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { PolicyResolver } from './policy.resolver';
import { PolicyService } from './policy.service';

/** Planning policies: working time, retirement ages, rounding, attrition. */
@Module({ imports: [AgenciesModule], providers: [PolicyService, PolicyResolver] })
export class PoliciesModule {}
