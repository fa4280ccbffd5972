import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthConfig } from '@app/config';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { PartyService } from './party.service';
import { PiiCipher } from './pii-cipher';
import { UserOwnershipResolver } from './user-ownership.resolver';
import { UsersService } from './users.service';

@Global()
@Module({
  imports: [
    DiscoveryModule,
    JwtModule.registerAsync({
      inject: [AuthConfig],
      useFactory: (config: AuthConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: 'wuhai-land' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'wuhai-land' },
      }),
    }),
  ],
  providers: [
    PiiCipher,
    PartyService,
    UsersService,
    AuthService,
    UserOwnershipResolver,
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
  ],
  exports: [PiiCipher, PartyService, UsersService, AuthService],
})
export class IdentityModule {}
