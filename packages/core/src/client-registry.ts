import type { Client } from './client.js';
import type { ClientProtocol } from './transport.js';

/** The accepted clients, by id, with a count per protocol. */
export class ClientRegistry {
  private readonly byId = new Map<string, Client>();
  private readonly perProtocol: Record<ClientProtocol, number> = {
    ws: 0,
    tcp: 0,
  };

  get size(): number {
    return this.byId.size;
  }

  count(protocol: ClientProtocol): number {
    return this.perProtocol[protocol];
  }

  get(id: string): Client | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  all(): IterableIterator<Client> {
    return this.byId.values();
  }

  /** Registers `client`; false when its id is taken (nothing is replaced). */
  add(client: Client): boolean {
    if (this.byId.has(client.id)) return false;
    this.byId.set(client.id, client);
    this.perProtocol[client.protocol]++;
    return true;
  }

  remove(client: Client): void {
    if (this.byId.get(client.id) !== client) return;
    this.byId.delete(client.id);
    this.perProtocol[client.protocol]--;
  }
}
