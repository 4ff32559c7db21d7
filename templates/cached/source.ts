import { NeoError } from '@neo-service/sdk/function';

export interface Quote {
  symbol: string;
  usd: number;
  /** ISO time the source produced the quote. */
  fetchedAt: string;
}

// Sample data. This module stands in for a slow upstream (a price API through HttpClient, an
// oracle contract through context.blockchain…): replace fetchQuote with your own source.
const SAMPLE_USD = new Map<string, number>([
  ['NEO', 12.5],
  ['GAS', 4.25],
]);
const UPSTREAM_LATENCY_MS = 25;

export async function fetchQuote(symbol: string): Promise<Quote> {
  await new Promise((resolve) => setTimeout(resolve, UPSTREAM_LATENCY_MS));
  const usd = SAMPLE_USD.get(symbol);
  if (usd === undefined) {
    throw new NeoError('NOT_FOUND', `No price for ${symbol}`, { symbol });
  }
  return { symbol, usd, fetchedAt: new Date().toISOString() };
}
