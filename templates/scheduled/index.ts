import type { Context, NeoEventFunction, ScheduleEvent } from '@neo-service/sdk/function';
import type { WithId } from '@neo-service/sdk';

/** A document to report on, in the `transfers` collection (written by other functions). */
export interface Transfer {
  asset: string;
  /** In the asset's smallest unit, as a decimal string. */
  amount: string;
  /** Epoch milliseconds. */
  timestamp: number;
  /** Set once a report has counted the transfer: the id of that run. */
  reportedIn?: string;
}

/** One report per run, in the collection named after the function. */
export interface Report {
  runId: string;
  /** ISO time the run was due (or started, when run by hand). */
  scheduledTime: string;
  processed: number;
  invalid: number;
  /** Asset → total amount (smallest unit, decimal string). */
  totals: Record<string, string>;
  durationMs: number;
}

export const SOURCE = 'transfers';
const REPORTS = '__fn__';
const BATCH_SIZE = 100;
/** Bounds the memory and time of one run; the next run takes the rest. */
const MAX_PER_RUN = 10_000;

type Processed = { asset: string; amount: bigint } | { invalid: true };

/**
 * Runs on the `schedule` trigger. Run by hand (`neosl invoke __fn__`) it gets no event and
 * uses the current time.
 */
export const __fn__: NeoEventFunction<Partial<ScheduleEvent>> = async (event, context) => {
  const timer = context.metrics.startTimer();
  const runId = context.requestId;
  const scheduledTime = event?.scheduledTime ?? new Date().toISOString();
  const transfers = context.database.collection<Transfer>(SOURCE);

  // Manage memory: read only the unreported documents, only the fields needed, and a bounded number.
  const pending = await transfers
    .find({ reportedIn: { $exists: false } })
    .select('asset amount timestamp')
    .sort({ timestamp: 1 })
    .limit(MAX_PER_RUN);

  const results = await processLargeDataset(pending, context);

  const totals = new Map<string, bigint>();
  let invalid = 0;
  for (const result of results) {
    if ('invalid' in result) {
      invalid += 1;
    } else {
      totals.set(result.asset, (totals.get(result.asset) ?? 0n) + result.amount);
    }
  }

  const report: Report = {
    runId,
    scheduledTime,
    processed: results.length,
    invalid,
    totals: Object.fromEntries([...totals].map(([asset, total]) => [asset, total.toString()])),
    durationMs: timer.end(),
  };
  await context.database.collection<Report>(REPORTS).insertOne(report);

  context.metrics.increment('__fn__.processed', results.length);
  context.metrics.histogram('__fn__.duration', report.durationMs);
  context.logger.info('Report written', { runId, processed: report.processed, invalid });
};

/**
 * The guide's processLargeDataset: batches of 100, each processed in parallel, then marked as
 * reported, with the progress logged at debug level.
 */
async function processLargeDataset(data: WithId<Transfer>[], context: Context): Promise<Processed[]> {
  const results: Processed[] = [];

  for (let i = 0; i < data.length; i += BATCH_SIZE) {
    const batch = data.slice(i, i + BATCH_SIZE);

    // Process batch
    const batchResults = await Promise.all(batch.map((item) => processItem(item)));
    results.push(...batchResults);

    // Mark the batch, so that a run cut short (timeout) does not count it again.
    await context.database
      .collection<Transfer>(SOURCE)
      .updateMany({ _id: { $in: batch.map((item) => item._id) } }, { $set: { reportedIn: context.requestId } });

    // Clear references
    batch.length = 0;

    // Log progress
    context.logger.debug('Batch processed', {
      progress: `${Math.min(i + BATCH_SIZE, data.length)}/${data.length}`,
    });
  }

  return results;
}

/** Validates one transfer. Async, so it can call other services (the chain, an API) when yours needs to. */
async function processItem(item: WithId<Transfer>): Promise<Processed> {
  if (typeof item.asset !== 'string' || typeof item.amount !== 'string' || !/^\d+$/.test(item.amount)) {
    return { invalid: true };
  }
  return { asset: item.asset, amount: BigInt(item.amount) };
}
