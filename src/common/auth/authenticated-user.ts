import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Role } from './roles.decorator';

/** Who is calling, as proven by the access token. */
export interface AuthenticatedUser {
  userId: string;
  partyId: string | null;
  role: Role;
}

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser => context.switchToHttp().getRequest().user,
);
