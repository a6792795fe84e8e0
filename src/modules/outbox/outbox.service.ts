import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxEvent } from './outbox-event.entity';

export type ListingTopic = 'listing.created' | 'listing.updated' | 'listing.published' | 'listing.withdrawn' | 'listing.closed' | 'listing.expired' | 'listing.renewed';

/** Writes outbox rows; always through the manager of the transaction that makes the change. */
@Injectable()
export class OutboxService {
  async announceListingChange(manager: EntityManager, topic: ListingTopic, listingId: string, revision: number): Promise<void> {
    await manager.insert(OutboxEvent, { topic, listingId, revision });
  }
}
