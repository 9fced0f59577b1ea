import { Module } from '@nestjs/common';
import { FormationExportController } from './formation-export.controller';
import { FormationExportService } from './formation-export.service';

/** Formation plans as CSV and XLSX files, streamed. */
@Module({ controllers: [FormationExportController], providers: [FormationExportService] })
export class ExportsModule {}
