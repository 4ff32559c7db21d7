// Once a minute across the whole cluster (the leading replica runs it): counts its runs in the
// shared Redis, so any replica can tell how many ticks ran.
import type { NeoEventFunction } from '@neo-service/sdk/function';

export const heartbeat: NeoEventFunction<{ scheduledTime: string }> = async (event, context) => {
  const runs = Number((await context.cache.redis.get('heartbeat:runs')) ?? 0) + 1;
  await context.cache.redis.set('heartbeat:runs', runs);
  await context.cache.redis.set('heartbeat:last', event.scheduledTime);
  context.logger.info('heartbeat', { scheduledTime: event.scheduledTime, runs });
};
