// A mined block and its application logs → the events blockchain triggers receive.
import type { ApplicationLog, Block, BlockEvent, NotificationEvent } from '../../sdk/blockchain-types.js';
import { decodeNotificationState } from './decode-stack-item.js';

export function blockEvent(block: Block): BlockEvent {
  return { type: 'block', block };
}

/** The notifications of the block's successful (HALT) executions, in order; FAULTed executions change nothing. */
export function notificationEvents(block: Block, logs: ApplicationLog[]): NotificationEvent[] {
  const events: NotificationEvent[] = [];
  for (const log of logs) {
    for (const execution of log.executions) {
      if (execution.vmstate !== 'HALT') continue;
      for (const n of execution.notifications) {
        events.push({
          type: 'notification',
          contract: n.contract,
          eventName: n.eventname,
          state: n.state,
          decoded: decodeNotificationState(n.state),
          txid: log.txid ?? '',
          blockIndex: block.index,
        });
      }
    }
  }
  return events;
}
