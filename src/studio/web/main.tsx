import { render, type ComponentChildren } from 'preact';
import type { Overview } from './api.js';
import { useApi, useRoute, type Loaded } from './hooks.js';
import { SchemaPage } from './schema-page.js';
import { DiagramPage } from './diagram-page.js';
import { MigrationsPage } from './migrations-page.js';
import { TenantsPage } from './tenants-page.js';

const PAGES = [
  { path: 'schema', label: 'Schema' },
  { path: 'diagram', label: 'Diagram' },
  { path: 'migrations', label: 'Migrations' },
  { path: 'tenants', label: 'Tenants' },
] as const;

/** Show renders what an endpoint answered, or that it is loading, or its error line. */
export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children: (value: T) => ComponentChildren }) {
  if (loaded.state === 'loading') return <p class="muted" data-testid="loading">Loading…</p>;
  if (loaded.state === 'failed') return <p class="error" data-testid="error">{loaded.message}</p>;
  return <>{children(loaded.value)}</>;
}

function App() {
  const [page = 'schema', ...rest] = useRoute();
  const overview = useApi<Overview>('overview');
  const where = overview.state === 'ready' ? (overview.value.source ?? overview.value.database ?? 'the schema the migrations build') : '';
  return (
    <div class="app">
      <header>
        <strong class="brand">Tidemark Studio</strong>
        <nav>
          {PAGES.map((p) => (
            <a href={`#/${p.path}`} class={p.path === page ? 'active' : ''} data-testid={`nav-${p.path}`}>
              {p.label}
            </a>
          ))}
        </nav>
        <span class="where" title="read-only">
          {overview.state === 'ready' ? `${overview.value.project} · ${where}` : ''} <span class="badge">read-only</span>
        </span>
      </header>
      <main>
        {page === 'diagram' ? <DiagramPage /> : page === 'migrations' ? <MigrationsPage route={rest} /> : page === 'tenants' ? <TenantsPage route={rest} /> : <SchemaPage route={rest} />}
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
