import { BadRequestException, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { AppConfig } from '../../config/app-config.service';
import { AuditService } from '../audit/audit.service';
import { PartyResponseDto } from '../parties/party.dto';
import { PartiesService } from '../parties/parties.service';
import { LoginDto, LoginResponseDto, MeResponseDto, RegisterDto, RegisterResponseDto, UserResponseDto } from './auth.dto';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** The claims of an access token; `sub` is the user id. */
export interface AccessTokenClaims {
  sub: string;
  partyId: string | null;
  role: AuthenticatedUser['role'];
}

const WRONG_CREDENTIALS = 'email or password is wrong';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly parties: PartiesService,
    private readonly audit: AuditService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  /** The user and its party are created together or not at all. */
  async register(dto: RegisterDto): Promise<RegisterResponseDto> {
    const { user, party } = await this.dataSource.transaction(async (manager) => {
      const joined = dto.invitationToken ? await this.parties.acceptInvitation(manager, dto.invitationToken, dto.email) : null;
      if (dto.invitationToken && !joined) {
        throw new BadRequestException('invitationToken is unknown, expired, used, or was issued for another email');
      }
      const party = joined ?? (await this.parties.create(manager, dto.party!));
      const user = await this.users.create(manager, { email: dto.email, password: dto.password, name: dto.name, role: 'member', partyId: party.id });
      const actor: AuthenticatedUser = { userId: user.id, partyId: party.id, role: 'member' };
      if (!joined) await this.audit.record(manager, { actor, action: 'party.created', objectType: 'party', objectId: party.id });
      await this.audit.record(manager, { actor, action: joined ? 'user.joined-party' : 'user.registered', objectType: 'user', objectId: user.id, summary: { partyId: party.id } });
      return { user, party };
    });
    return { ...this.issueToken(user), party: PartyResponseDto.from(party) };
  }

  async login(dto: LoginDto): Promise<LoginResponseDto> {
    const user = await this.users.findByEmail(dto.email);
    // An unknown email costs one argon2 verification too, so response times do not reveal which emails exist.
    const passwordMatches = user ? await this.users.verifyPassword(user, dto.password) : await this.users.verifyAgainstDecoy(dto.password);
    if (!user || !passwordMatches) {
      throw new UnauthorizedException(WRONG_CREDENTIALS);
    }
    await this.users.recordLogin(user.id);
    return this.issueToken(user);
  }

  async me(caller: AuthenticatedUser): Promise<MeResponseDto> {
    const user = await this.users.findById(caller.userId);
    if (!user) throw new UnauthorizedException('the account of this token no longer exists');
    const party = user.partyId ? await this.parties.findById(user.partyId) : null;
    return { user: UserResponseDto.from(user), party: party ? PartyResponseDto.from(party) : null };
  }

  private issueToken(user: User): LoginResponseDto {
    const claims: AccessTokenClaims = { sub: user.id, partyId: user.partyId, role: user.role };
    const expiresIn = this.config.auth.jwtTtlSeconds;
    return { accessToken: this.jwt.sign(claims, { expiresIn }), expiresIn, user: UserResponseDto.from(user) };
  }
}
