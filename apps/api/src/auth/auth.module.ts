import { Global, Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AccessGuard } from './access.guard';
import { AccessService } from './access.service';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { RequestActors } from './request-actors';
import { TokenService } from './token.service';

/** Sign-in, tokens and API keys, and the access checks every module of the API relies on. */
@Global()
@Module({
  imports: [AccountsModule],
  providers: [TokenService, AuthService, AccessService, RequestActors, AccessGuard, AuthResolver],
  exports: [AuthService, AccessService, RequestActors, AccessGuard],
})
export class AuthModule {}
