import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { CreateInvitationDto, InvitationResponseDto, PartyResponseDto, UpdatePartyDto } from './party.dto';
import { PartiesService } from './parties.service';
import { ApiErrorResponse, ApiStandardErrors } from '../../common/openapi/api-responses';

@ApiStandardErrors()
@ApiTags('parties')
@ApiBearerAuth()
@Controller('parties')
export class PartiesController {
  constructor(private readonly parties: PartiesService) {}

  @Get(':id')
  @ApiOperation({ summary: 'A party profile' })
  @ApiOkResponse({ type: PartyResponseDto })
  async findOne(@Param('id', ParseUUIDPipe) id: string): Promise<PartyResponseDto> {
    return PartyResponseDto.from(await this.parties.findById(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change your own party profile' })
  @ApiOkResponse({ type: PartyResponseDto })
  @ApiErrorResponse(403, 'Not a member of this party')
  async update(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdatePartyDto): Promise<PartyResponseDto> {
    return PartyResponseDto.from(await this.parties.update(user, id, dto));
  }

  @Post(':id/invitations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Invite a colleague to your party; registration accepts the token' })
  @ApiCreatedResponse({ type: InvitationResponseDto })
  @ApiErrorResponse(403, 'Not a member of this party')
  invite(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateInvitationDto): Promise<InvitationResponseDto> {
    return this.parties.invite(user, id, dto.email);
  }
}
