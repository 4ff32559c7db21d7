// The page links. On a phone they collapse into one row that scrolls sideways (see app.css).
import type { Route } from '../state/hash-route.js';

interface NavigationProps {
  route: Route;
  showVersions: boolean;
  showChain: boolean;
  buildErrors: number;
}

interface Link {
  page: Route['page'];
  label: string;
  href: string;
}

export function Navigation({ route, showVersions, showChain, buildErrors }: NavigationProps) {
  const links: Link[] = [
    { page: 'functions', label: 'Functions', href: '#/functions' },
    { page: 'requests', label: 'Requests', href: '#/requests' },
    { page: 'invoke', label: 'Invoke', href: '#/invoke' },
    { page: 'metrics', label: 'Metrics', href: '#/metrics' },
    { page: 'builds', label: 'Builds', href: '#/builds' },
    ...(showVersions ? [{ page: 'versions' as const, label: 'Versions', href: '#/versions' }] : []),
    ...(showChain ? [{ page: 'chain' as const, label: 'Chain', href: '#/chain' }] : []),
  ];
  return (
    <nav class="nav" aria-label="Pages">
      {links.map((link) => (
        <a key={link.page} href={link.href} data-testid={`nav-${link.page}`} class={route.page === link.page ? 'nav-link active' : 'nav-link'} aria-current={route.page === link.page ? 'page' : undefined}>
          {link.label}
          {link.page === 'builds' && buildErrors > 0 ? <span class="badge bad">{buildErrors}</span> : null}
        </a>
      ))}
    </nav>
  );
}
