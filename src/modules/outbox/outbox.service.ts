import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxEvent } from './outbox-event.entity';

export type ListingTopic = 'listing.created' | 'listing.updated' | 'listing.published' | 'listing.withdrawn' | 'listing.closed' | 'listing.expired' | 'listing.renewed';

/** Writes outbox rows; always through the manager of the transaction that makes the change. */
@Injectable()
export class OutboxService {
  async announceListingChange(manager: EntityManager, topic: ListingTopic, listingId: string, revision: number): Promise<void> {
    await this.announceListingChanges(manager, topic, [{ id: listingId, revision }]);
  }

  /** One statement for many listings changed by one statement. */
  async announceListingChanges(manager: EntityManager, topic: ListingTopic, listings: { id: string; revision: number }[]): Promise<void> {
    if (listings.length === 0) return;
    await manager.insert(
      OutboxEvent,
      listings.map((listing) => ({ topic, listingId: listing.id, revision: listing.revision })),
    );
  }
}
