import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { PageQuery } from '../common/pagination';
import { AddMembershipDto, CreateUserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users 账号')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Roles('ADMIN')
  @Post()
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Roles('ADMIN')
  @Get()
  list(@Query() q: PageQuery) {
    return this.users.list(q);
  }

  @Roles('ADMIN')
  @Post(':id/memberships')
  @HttpCode(204)
  addMembership(@CurrentUser() actor: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AddMembershipDto) {
    return this.users.addMembership(actor, id, dto);
  }
}
