import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source.options';

@Module({})
export class DatabaseModule {
  /** `url` is resolved before Nest starts (it may point at the embedded PostgreSQL). */
  static forRoot(url: string): DynamicModule {
    return { module: DatabaseModule, imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(url), autoLoadEntities: false })] };
  }
}
