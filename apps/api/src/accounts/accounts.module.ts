import { Module } from '@nestjs/common';
import { UserResolver } from './user.resolver';
import { UserService } from './user.service';

/** Accounts: who may sign in, with which role and agencies. */
@Module({ providers: [UserService, UserResolver], exports: [UserService] })
export class AccountsModule {}
