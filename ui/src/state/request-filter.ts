// The request log's filters: by function, by status class and by free text (request id, path,
// method, status, error code, function name; case-insensitive).
import type { RequestSummary } from './host-types.js';
import { statusClassOf, type StatusClass } from './status-class.js';

export interface RequestFilter {
  functionName: string;
  statusClass: StatusClass;
  text: string;
}

export const NO_FILTER: RequestFilter = { functionName: '', statusClass: '', text: '' };

export function matchesFilter(request: RequestSummary, filter: RequestFilter): boolean {
  if (filter.functionName !== '' && request.functionName !== filter.functionName) return false;
  if (filter.statusClass !== '' && statusClassOf(request.status) !== filter.statusClass) return false;
  const text = filter.text.trim().toLowerCase();
  if (text === '') return true;
  const haystack = [request.requestId, request.method, request.path, String(request.status), request.errorCode ?? '', request.functionName ?? '', request.version ?? ''].join(' ').toLowerCase();
  return haystack.includes(text);
}

export function filterRequests(requests: readonly RequestSummary[], filter: RequestFilter): RequestSummary[] {
  return requests.filter((request) => matchesFilter(request, filter));
}

/** The query string of GET /_neosl/requests for the filters the server applies (function, status class). */
export function requestsQuery(filter: RequestFilter, limit: number): string {
  const query = new URLSearchParams();
  if (filter.functionName !== '') query.set('function', filter.functionName);
  if (filter.statusClass !== '') query.set('status', filter.statusClass);
  query.set('limit', String(limit));
  return query.toString();
}
