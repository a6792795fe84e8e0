import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsObject, IsOptional, IsString, Length, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { CreatePartyDto, PartyResponseDto } from '../parties/party.dto';
import { User } from './user.entity';

export class RegisterDto {
  @ApiProperty({ example: 'li.wei@example.cn' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString()
  @Length(10, 200, { message: 'password must be 10 to 200 characters long' })
  password!: string;

  @ApiProperty({ example: '李伟' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ type: CreatePartyDto, description: 'The organisation; omitted when joining through an invitation' })
  @ValidateIf((dto: RegisterDto) => !dto.invitationToken || dto.party !== undefined)
  @IsObject({ message: 'party is required unless an invitationToken is given' })
  @ValidateNested()
  @Type(() => CreatePartyDto)
  party?: CreatePartyDto;

  @ApiPropertyOptional({ description: 'Token from a colleague’s invitation, to join that party' })
  @IsOptional()
  @IsString()
  @Length(10, 100)
  invitationToken?: string;
}

export class LoginDto {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  password!: string;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['member', 'admin'] }) role!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) partyId!: string | null;
  @ApiProperty() createdAt!: string;

  static from(user: User): UserResponseDto {
    return { id: user.id, email: user.email, name: user.name, role: user.role, partyId: user.partyId, createdAt: user.createdAt.toISOString() };
  }
}

export class LoginResponseDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn!: number;
  @ApiProperty({ type: UserResponseDto }) user!: UserResponseDto;
}

export class RegisterResponseDto extends LoginResponseDto {
  @ApiProperty({ type: PartyResponseDto }) party!: PartyResponseDto;
}

export class MeResponseDto {
  @ApiProperty({ type: UserResponseDto }) user!: UserResponseDto;
  @ApiPropertyOptional({ type: PartyResponseDto, nullable: true }) party!: PartyResponseDto | null;
}
