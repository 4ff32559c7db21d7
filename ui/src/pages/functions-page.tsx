// Every function with its state, version, routes, instances, live req/s (with a sparkline),
// p50/p99 and errors; the name leads to the invoke form.
import { Sparkline } from '../components/sparkline.js';
import type { ConsoleState } from '../state/console-store.js';
import { formatMs, formatRate } from '../state/format.js';
import { routeHash } from '../state/hash-route.js';
import { currentRps } from '../state/metrics-history.js';

export function FunctionsPage({ state }: { state: ConsoleState }) {
  const { functions, history } = state;
  if (!state.functionsLoaded) return <p class="muted">Loading functions…</p>;
  if (functions.length === 0) return <p class="muted">This project has no functions yet.</p>;
  return (
    <section>
      <h2>Functions</h2>
      <div class="table-scroll">
        <table class="grid cards">
          <thead>
            <tr>
              <th>Function</th>
              <th>Status</th>
              <th>Version</th>
              <th>Routes</th>
              <th class="num">Instances</th>
              <th class="num">req/s</th>
              <th class="num">p50</th>
              <th class="num">p99</th>
              <th class="num">Errors</th>
            </tr>
          </thead>
          <tbody>
            {functions.map((fn) => {
              const samples = history[fn.name]?.samples ?? [];
              const rps = currentRps(history, fn.name);
              return (
                <tr key={fn.name} data-testid="function-row" data-name={fn.name}>
                  <td data-label="Function">
                    <a href={routeHash({ page: 'invoke', functionName: fn.name })} class="strong">
                      {fn.name}
                    </a>
                  </td>
                  <td data-label="Status">
                    <span class={`state state-${fn.state}`}>{fn.state}</span>
                  </td>
                  <td data-label="Version">{fn.version > 0 ? `v${fn.version}` : '–'}</td>
                  <td data-label="Routes" class="mono routes">
                    {fn.routes.map((route) => (
                      <div key={route}>{route}</div>
                    ))}
                  </td>
                  <td data-label="Instances" class="num">{fn.instances}</td>
                  <td data-label="req/s" class="num rps">
                    <Sparkline values={samples.map((sample) => sample.rps)} label={`requests per second of ${fn.name}`} />
                    <span>{formatRate(rps)}</span>
                  </td>
                  <td data-label="p50" class="num">{fn.requests > 0 ? formatMs(fn.p50) : '–'}</td>
                  <td data-label="p99" class="num">{fn.requests > 0 ? formatMs(fn.p99) : '–'}</td>
                  <td data-label="Errors" class={fn.errors > 0 ? 'num bad' : 'num'}>{fn.errors}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
