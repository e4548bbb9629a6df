// Docker healthcheck of a Redis-transport service: sends it one request of its contract
// (libs/contracts, e.g. `queue.health`) the way the gateway's client does, in Nest's Redis
// transport wire format, and succeeds only on an answer. So a process that runs but no
// longer serves its contract is reported unhealthy, not just a reachable Redis.
//   node service-ping.cjs <pattern>
'use strict';
const { Redis } = require('ioredis');

const pattern = process.argv[2];
if (!pattern) {
  console.error('usage: node service-ping.cjs <pattern>   (e.g. queue.health)');
  process.exit(64);
}
const id = `healthcheck-${process.pid}-${Date.now()}`;
const connection = {
  host: process.env.REDIS_HOST || '127.0.0.1',
  port: Number(process.env.REDIS_PORT || 6379),
  connectTimeout: 2000,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
};

function fail(reason) {
  console.error(`${pattern}: ${reason}`);
  process.exit(1);
}

setTimeout(() => fail('no answer within 4 s'), 4000);
const sub = new Redis(connection);
const pub = new Redis(connection);
sub.on('error', (error) => fail(`redis ${connection.host}:${connection.port}: ${error.message}`));
pub.on('error', (error) => fail(`redis ${connection.host}:${connection.port}: ${error.message}`));

sub.on('message', (_channel, raw) => {
  let packet;
  try {
    packet = JSON.parse(raw);
  } catch {
    return;
  }
  if (packet.id !== id) return;
  if (packet.err) fail(`answered with an error: ${JSON.stringify(packet.err)}`);
  if (packet.response === undefined) return;
  console.log(JSON.stringify(packet.response));
  process.exit(0);
});

sub
  .subscribe(`${pattern}.reply`)
  .then(() => pub.publish(pattern, JSON.stringify({ pattern, data: {}, id })))
  .then((receivers) => {
    if (receivers === 0) fail('no process subscribes to it on redis');
  })
  .catch((error) => fail(error.message));
