import { NotFoundException } from '@nestjs/common';
import { AuthenticatedUser } from './authenticated-user';

/**
 * The one place that decides who may see or change what. Objects a caller may not see are
 * answered 404, exactly like objects that do not exist, so ids leak nothing.
 */
export const AccessPolicy = {
  isAdmin(user: AuthenticatedUser): boolean {
    return user.role === 'admin';
  },

  /** A member acts for its own party; admins act for the forum, not for a party. */
  ownsParty(user: AuthenticatedUser, partyId: string): boolean {
    return user.partyId !== null && user.partyId === partyId;
  },

  /** Owners and admins see everything of a party's; others only what the party has made public. */
  canSee(user: AuthenticatedUser, ownerPartyId: string, isPublic: boolean): boolean {
    return isPublic || AccessPolicy.isAdmin(user) || AccessPolicy.ownsParty(user, ownerPartyId);
  },

  /** Returns the object when the caller may see it, else throws the same 404 as for a missing one. */
  visibleOr404<T>(object: T | null | undefined, visible: (object: T) => boolean, what: string): T {
    if (object === null || object === undefined || !visible(object)) {
      throw new NotFoundException(`${what} not found`);
    }
    return object;
  },
};
