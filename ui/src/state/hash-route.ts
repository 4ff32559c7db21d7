// The console's pages as hash routes: #/functions (default), #/requests, #/requests/<id>,
// #/invoke/<function>, #/metrics, #/builds, #/versions, #/chain.

export type Route =
  | { page: 'functions' }
  | { page: 'requests'; requestId?: string }
  | { page: 'invoke'; functionName?: string }
  | { page: 'metrics' }
  | { page: 'builds' }
  | { page: 'versions' }
  | { page: 'chain' };

function decode(segment: string | undefined): string | undefined {
  if (segment === undefined || segment === '') return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parseRoute(hash: string): Route {
  const [page, ...rest] = hash.replace(/^#?\/?/, '').split('/');
  const argument = decode(rest.join('/'));
  switch (page) {
    case 'requests':
      return argument === undefined ? { page } : { page, requestId: argument };
    case 'invoke':
      return argument === undefined ? { page } : { page, functionName: argument };
    case 'metrics':
    case 'builds':
    case 'versions':
    case 'chain':
      return { page };
    default:
      return { page: 'functions' };
  }
}

export function routeHash(route: Route): string {
  if (route.page === 'requests' && route.requestId !== undefined) return `#/requests/${encodeURIComponent(route.requestId)}`;
  if (route.page === 'invoke' && route.functionName !== undefined) return `#/invoke/${encodeURIComponent(route.functionName)}`;
  return `#/${route.page}`;
}
