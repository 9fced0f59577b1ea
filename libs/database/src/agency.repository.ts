import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AgencyKind } from './entities';

export interface AgencyRow {
  id: string;
  code: string;
  name: string;
  kind: AgencyKind;
  regionCode: string | null;
}

/** The one lookup of an agency by its code; the API decides which error a missing one is. */
@Injectable()
export class AgencyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findByCode(code: string): Promise<AgencyRow | null> {
    const [row] = (await this.db.query('SELECT id, code, name, kind, region_code AS "regionCode" FROM agency WHERE code = $1', [
      code,
    ])) as AgencyRow[];
    return row ?? null;
  }
}
