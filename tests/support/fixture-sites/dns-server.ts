import { createSocket, type RemoteInfo } from 'node:dgram';
import type { AddressInfo } from 'node:net';

/**
 * A DNS server on 127.0.0.1 speaking the real wire format (RFC 1035) over UDP, so the crawler's resolver
 * is tested end to end without the network: each name gets the answer the test chose.
 */
export type DnsAnswer =
  /** An A record (and, asked for AAAA, no record: NODATA). */
  | { a: string }
  /** The name does not exist: RCODE 3. */
  | 'nxdomain'
  /** The server failed: RCODE 2, what a broken or overloaded resolver says. */
  | 'servfail'
  /** The name exists but has no address: NOERROR with no answer. */
  | 'nodata'
  /** No reply at all: the resolver's timeout. */
  | 'drop';

export interface DnsQuery {
  name: string;
  type: number;
  at: number;
}

export interface DnsServer {
  /** "127.0.0.1:PORT", as the crawler's `dnsServers` option takes it. */
  address: string;
  port: number;
  queries: DnsQuery[];
  close(): Promise<void>;
}

const TYPE_A = 1;
const RCODE = { noerror: 0, servfail: 2, nxdomain: 3 } as const;

interface Question {
  id: number;
  flags: number;
  name: string;
  type: number;
  /** The question section exactly as asked (resolvers compare it with the reply's). */
  raw: Buffer;
}

/** The first question of a query; null when the packet is not one this server can answer. */
function parseQuery(msg: Buffer): Question | null {
  if (msg.length < 12) return null;
  const id = msg.readUInt16BE(0);
  const flags = msg.readUInt16BE(2);
  if (flags & 0x8000 || msg.readUInt16BE(4) < 1) return null;
  const labels: string[] = [];
  let i = 12;
  while (i < msg.length) {
    const len = msg[i]!;
    if (len === 0) break;
    // Queries carry their name uncompressed; a pointer here is a malformed query.
    if (len & 0xc0 || i + 1 + len > msg.length) return null;
    labels.push(msg.toString('latin1', i + 1, i + 1 + len));
    i += 1 + len;
  }
  if (i + 5 > msg.length) return null;
  const type = msg.readUInt16BE(i + 1);
  return { id, flags, name: labels.join('.').toLowerCase(), type, raw: msg.subarray(12, i + 5) };
}

function ipv4Bytes(address: string): Buffer {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${address}`);
  return Buffer.from(parts);
}

function reply(q: Question, rcode: number, answers: Buffer[]): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.id, 0);
  // QR, the query's opcode and RD, AA, RA, and the RCODE.
  header.writeUInt16BE(0x8000 | (q.flags & 0x7900) | 0x0400 | 0x0080 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, q.raw, ...answers]);
}

function aRecord(address: string): Buffer {
  const rr = Buffer.alloc(12);
  rr.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
  rr.writeUInt16BE(TYPE_A, 2);
  rr.writeUInt16BE(1, 4); // class IN
  rr.writeUInt32BE(60, 6);
  rr.writeUInt16BE(4, 10);
  return Buffer.concat([rr, ipv4Bytes(address)]);
}

/** Starts the server; `answer` decides per name (lower case, no trailing dot). */
export async function startDnsServer(answer: (name: string, type: number) => DnsAnswer): Promise<DnsServer> {
  const socket = createSocket('udp4');
  const queries: DnsQuery[] = [];
  socket.on('message', (msg: Buffer, from: RemoteInfo) => {
    const q = parseQuery(msg);
    if (!q) return;
    queries.push({ name: q.name, type: q.type, at: Date.now() });
    const a = answer(q.name, q.type);
    let out: Buffer;
    if (a === 'drop') return;
    if (a === 'nxdomain') out = reply(q, RCODE.nxdomain, []);
    else if (a === 'servfail') out = reply(q, RCODE.servfail, []);
    // Only A records are served: AAAA and every other type get an empty NOERROR (NODATA).
    else if (a === 'nodata' || q.type !== TYPE_A) out = reply(q, RCODE.noerror, []);
    else out = reply(q, RCODE.noerror, [aRecord(a.a)]);
    socket.send(out, from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    port,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** Answers as plain data, so a server in another thread can be told them: these names resolve, these fail, the rest do not exist. */
export interface DnsTable {
  addresses: Record<string, string>;
  servfail?: string[];
}

export function tableAnswer(table: DnsTable): (name: string) => DnsAnswer {
  const fail = new Set(table.servfail ?? []);
  return (name) => (fail.has(name) ? 'servfail' : table.addresses[name] ? { a: table.addresses[name] } : 'nxdomain');
}

export interface DnsServerThread {
  address: string;
  port: number;
  /** How many queries it has answered so far. */
  queryCount(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The same server on its own thread, as a real resolver is another process: a benchmark then measures
 * the crawler, not the crawler plus the DNS server sharing its event loop.
 */
export async function startDnsServerThread(table: DnsTable): Promise<DnsServerThread> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(new URL('./dns-worker.ts', import.meta.url), { workerData: table });
  const ask = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { type: string; value: T }) => {
        if (m.type !== type) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve(m.value);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      if (type !== 'ready') worker.postMessage(type);
    });
  const { address, port } = await ask<{ address: string; port: number }>('ready');
  return {
    address,
    port,
    queryCount: () => ask<number>('count'),
    close: async () => {
      await ask<null>('close');
      await worker.terminate();
    },
  };
}
