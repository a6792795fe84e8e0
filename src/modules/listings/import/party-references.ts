import { EntityManager, In } from 'typeorm';
import { User } from '../../auth/user.entity';
import { Party } from '../../parties/party.entity';

export type PartyLookup = { party: Party } | { error: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds the parties an import names, in three queries per batch whatever its size. A reference is
 * a party id, the email of one of the party's members (unique), or the party's name, which counts
 * only when exactly one party bears it (names are not unique).
 */
export async function resolvePartyReferences(manager: EntityManager, references: Iterable<string>): Promise<Map<string, PartyLookup>> {
  const unique = [...new Set(references)];
  const ids = unique.filter((reference) => UUID.test(reference));
  const emails = unique.filter((reference) => !UUID.test(reference) && reference.includes('@'));
  const names = unique.filter((reference) => !UUID.test(reference) && !reference.includes('@'));
  const found = new Map<string, PartyLookup>();

  if (ids.length) {
    const parties = await manager.findBy(Party, { id: In(ids.map((id) => id.toLowerCase())) });
    const byId = new Map(parties.map((party) => [party.id, party]));
    for (const id of ids) {
      const party = byId.get(id.toLowerCase());
      found.set(id, party ? { party } : { error: `no party has the id ${id}` });
    }
  }
  if (emails.length) {
    const users = await manager.find(User, { where: { email: In(emails.map((email) => email.toLowerCase())) }, relations: { party: true } });
    const byEmail = new Map(users.map((user) => [user.email, user]));
    for (const email of emails) {
      const user = byEmail.get(email.toLowerCase());
      if (!user) found.set(email, { error: `no user has the email ${email}` });
      else if (!user.party) found.set(email, { error: `${email} belongs to no party (an admin); name a member of the party` });
      else found.set(email, { party: user.party });
    }
  }
  if (names.length) {
    const parties = await manager
      .createQueryBuilder(Party, 'party')
      .where('lower(party.name) IN (:...names)', { names: names.map((name) => name.toLowerCase()) })
      .getMany();
    for (const name of names) {
      const matching = parties.filter((party) => party.name.toLowerCase() === name.toLowerCase());
      if (matching.length === 1) found.set(name, { party: matching[0] });
      else if (matching.length === 0) found.set(name, { error: `no party is named "${name}"; give the party id or the email of one of its members` });
      else found.set(name, { error: `${matching.length} parties are named "${name}"; give the party id or the email of one of its members` });
    }
  }
  return found;
}
