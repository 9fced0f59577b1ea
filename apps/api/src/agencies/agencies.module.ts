import { Module } from '@nestjs/common';
import { AgencyResolver } from './agency.resolver';
import { AgencyService } from './agency.service';

/** Agencies: the one lookup of an agency by code, and their upkeep. */
@Module({ providers: [AgencyService, AgencyResolver], exports: [AgencyService] })
export class AgenciesModule {}
