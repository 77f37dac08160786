import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy between the IMAP client and Dovecot that can cut the connection at the worst moments:
 * as an APPEND is sent (the server never stores it), or right after the server stored it and answered
 * OK (the client never hears it). It can also refuse connections, as a server that went away.
 */
export class ImapProxy {
  port = 0;
  appendsSeen = 0;
  connections = 0;
  drops = 0;
  private refusing = false;
  private plan: { at: number; when: 'before-store' | 'after-store'; thenRefuse: boolean } | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((client) => this.accept(client));

  constructor(private readonly target: { host: string; port: number }) {}

  listen(): Promise<void> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => {
      const a = this.server.address();
      this.port = typeof a === 'object' && a ? a.port : 0;
      resolve();
    }));
  }

  /** Cut the connection at the n-th APPEND seen from now on (counting from 1). */
  dropAtAppend(n: number, when: 'before-store' | 'after-store', thenRefuse = false): void {
    this.plan = { at: this.appendsSeen + n, when, thenRefuse };
  }

  refuse(on: boolean): void {
    this.refusing = on;
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.connections++;
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = createConnection(this.target);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const cut = () => {
      this.drops++;
      client.destroy();
      upstream.destroy();
      if (this.plan?.thenRefuse) this.refusing = true;
      this.plan = null;
    };
    let awaitingOk: string | null = null;
    client.on('data', (chunk) => {
      const m = /(?:^|\r\n)(\S+) APPEND /.exec(chunk.toString('latin1'));
      if (m) {
        this.appendsSeen++;
        if (this.plan && this.appendsSeen === this.plan.at) {
          if (this.plan.when === 'before-store') return cut();
          awaitingOk = m[1]!;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (awaitingOk && new RegExp(`(?:^|\\r\\n)${awaitingOk} OK`).test(chunk.toString('latin1'))) {
        awaitingOk = null;
        return cut();
      }
      client.write(chunk);
    });
    const end = (s: Socket, other: Socket) => {
      s.on('error', () => other.destroy());
      s.on('close', () => {
        this.sockets.delete(s);
        other.destroy();
      });
    };
    end(client, upstream);
    end(upstream, client);
  }
}
