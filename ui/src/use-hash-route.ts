// The current hash route, following back/forward and link clicks.
import { useEffect, useState } from 'preact/hooks';
import { parseRoute, type Route } from './state/hash-route.js';

export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', follow);
    // A hash changed between the first render and this effect (effects run after paint) was missed.
    follow();
    return () => removeEventListener('hashchange', follow);
  }, []);
  return route;
}

export function navigate(hash: string): void {
  if (location.hash !== hash) location.hash = hash;
}
