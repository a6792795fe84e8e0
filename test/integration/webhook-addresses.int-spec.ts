import 'reflect-metadata';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { lookup } from 'node:dns/promises';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config.service';
import { parseEnv } from '../../src/config/env.schema';
import { isPublicAddress } from '../../src/modules/notifications/webhook-address';
import { WebhookDeliveryService } from '../../src/modules/notifications/webhook-delivery.service';
import { closeEmptiedTestDatabase, openEmptyTestDatabase } from '../helpers/database';

/** A webhook pointed into the forum's own network is never sent, whether by address or by a name that resolves there. */
describe('webhook deliveries to non-public addresses', () => {
  let dataSource: DataSource;
  let receiver: Server;
  let port: number;
  let received = 0;
  const services: WebhookDeliveryService[] = [];

  const deliveryService = (allowPrivate: boolean) => {
    const config = new AppConfig(parseEnv({ ...process.env, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: String(allowPrivate) }));
    const service = new WebhookDeliveryService(dataSource, config);
    services.push(service);
    return service;
  };

  /** A party with a webhook at `url` and one notice waiting for delivery; returns the delivery id. */
  const pendingDelivery = async (url: string): Promise<string> => {
    const [party] = await dataSource.query(`INSERT INTO parties (name, country, region, kind, version) VALUES ('Hook test', 'TH', 'asean', 'enterprise', 1) RETURNING id`);
    await dataSource.query(`INSERT INTO party_webhooks (party_id, url, secret) VALUES ($1, $2, 'a-secret-of-enough-length-for-hmac')`, [party.id, url]);
    const [notice] = await dataSource.query(`INSERT INTO notifications (party_id, kind, title) VALUES ($1, 'match-approved', 'approved') RETURNING id`, [party.id]);
    const [delivery] = await dataSource.query(`INSERT INTO webhook_deliveries (notification_id, party_id) VALUES ($1, $2) RETURNING id`, [notice.id, party.id]);
    return delivery.id;
  };
  const settled = async (deliveryId: string) =>
    (await dataSource.query('SELECT delivered_at IS NOT NULL AS delivered, failed_at IS NOT NULL AS failed, last_error FROM webhook_deliveries WHERE id = $1', [deliveryId]))[0];

  beforeAll(async () => {
    dataSource = await openEmptyTestDatabase();
    receiver = createServer((request, response) => {
      received++;
      request.resume();
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const service of services) await service.onModuleDestroy();
    await new Promise((resolve) => receiver.close(resolve));
    await closeEmptiedTestDatabase(dataSource);
  });

  it('refuses an address of the loopback network, for good, and sends nothing', async () => {
    const deliveryId = await pendingDelivery(`http://127.0.0.1:${port}/hook`);
    const attempt = deliveryService(false).deliver(deliveryId, false);
    await expect(attempt).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(attempt).rejects.toThrow('not sent: 127.0.0.1 is not a public address');
    expect(await settled(deliveryId)).toEqual({ delivered: false, failed: true, last_error: 'not sent: 127.0.0.1 is not a public address' });
    expect(received).toBe(0);
  });

  it('refuses a name that resolves to a non-public address when the socket connects', async () => {
    // This machine's own name resolves to one of its non-public addresses (/etc/hosts).
    const name = hostname();
    const { address } = await lookup(name, { family: 4 });
    expect(isPublicAddress(address)).toBe(false);
    const deliveryId = await pendingDelivery(`http://${name}:${port}/hook`);
    await expect(deliveryService(false).deliver(deliveryId, false)).rejects.toThrow(new RegExp(`not sent: ${name} resolves to [\\d.:a-f]+, which is not a public address`));
    expect((await settled(deliveryId)).failed).toBe(true);
    expect(received).toBe(0);
  });

  it('sends to the same receiver when private addresses are allowed (development and tests)', async () => {
    const deliveryId = await pendingDelivery(`http://127.0.0.1:${port}/hook`);
    await expect(deliveryService(true).deliver(deliveryId, false)).resolves.toMatchObject({ status: 'delivered', httpStatus: 204 });
    expect(received).toBe(1);
  });
});
