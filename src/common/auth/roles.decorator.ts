import { SetMetadata } from '@nestjs/common';

export type Role = 'member' | 'admin';
export const ROLES = 'roles';

/** Restricts a route (or a whole controller) to the given roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
