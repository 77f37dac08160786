import { parentPort, workerData } from 'node:worker_threads';
import { startDnsServer, tableAnswer, type DnsTable } from './dns-server';

/** The stand-in DNS server's thread: started with its answers, it reports its address, counts and closes on request. */
const server = await startDnsServer(tableAnswer(workerData as DnsTable));
parentPort!.on('message', (m: string) => {
  if (m === 'count') parentPort!.postMessage({ type: 'count', value: server.queries.length });
  if (m === 'close') void server.close().then(() => parentPort!.postMessage({ type: 'close', value: null }));
});
parentPort!.postMessage({ type: 'ready', value: { address: server.address, port: server.port } });
