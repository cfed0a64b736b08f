import { Module } from '@nestjs/common';
import { AccountsController } from './accounts.controller';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { PasswordResetService } from './password-reset.service';
import { RegistrationService } from './registration.service';

/** 自助注册、忘记密码、邀请同事: accounts people open and recover themselves, and colleagues they invite. */
@Module({
  controllers: [AccountsController, InvitationsController],
  providers: [RegistrationService, PasswordResetService, InvitationsService],
  exports: [RegistrationService, PasswordResetService, InvitationsService],
})
export class AccountsModule {}
