import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user';
import { Public } from '../../common/auth/public.decorator';
import { LoginDto, LoginResponseDto, MeResponseDto, RegisterDto, RegisterResponseDto } from './auth.dto';
import { AuthService } from './auth.service';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { SkipThrottle } from '@nestjs/throttler';
import { RateLimit } from '../../common/rate-limits/rate-limits';
import { ApiErrorResponse, ApiStandardErrors } from '../../common/openapi/api-responses';

@ApiStandardErrors()
@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/register')
  @Public()
  @ApiOperation({ summary: 'Register a user with a new party, or join a party with an invitation token' })
  @ApiCreatedResponse({ type: RegisterResponseDto })
  @ApiErrorResponse(409, 'An account with this email already exists')
  register(@Body() dto: RegisterDto): Promise<RegisterResponseDto> {
    return this.auth.register(dto);
  }

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard)
  @SkipThrottle({ [RateLimit.RecommendationsParty]: true })
  @ApiOperation({ summary: 'Exchange email and password for an access token' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address or for this account; see Retry-After' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrorResponse(401, 'Wrong email or password')
  login(@Body() dto: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(dto);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The caller and its party' })
  @ApiOkResponse({ type: MeResponseDto })
  me(@CurrentUser() user: AuthenticatedUser): Promise<MeResponseDto> {
    return this.auth.me(user);
  }
}
