import { useState } from 'preact/hooks';
import type { AuditRow, TenantStatus, TenantsReport } from './api.js';
import { useApi } from './hooks.js';
import { Show } from './main.js';

type Filter = 'all' | 'behind' | 'failed' | 'current';

const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

export function TenantsPage({ route }: { route: readonly string[] }) {
  const fleet = useApi<TenantsReport>('tenants');
  if (route[0]) return <TenantHistory slug={route[0]} />;
  return <Show loaded={fleet}>{(report) => <Fleet report={report} />}</Show>;
}

function stateOf(t: TenantStatus, report: TenantsReport): Exclude<Filter, 'all'> {
  if (report.failed.includes(t.slug)) return 'failed';
  return report.behind.includes(t.slug) ? 'behind' : 'current';
}

function Fleet({ report }: { report: TenantsReport }) {
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  if (report.tenants.length === 0) return <p class="muted">No tenants registered (see "tidemark tenants add").</p>;
  const shown = report.tenants.filter((t) => (filter === 'all' || stateOf(t, report) === filter) && `${t.slug} ${t.schema} ${t.shard ?? ''}`.includes(query.trim()));
  return (
    <section>
      <h2>Tenants</h2>
      <p>
        Fleet version <strong>{report.latest ?? 'none'}</strong> · {report.tenants.length} tenants · <span class="state state-pending">{report.behind.length} behind</span>{' '}
        <span class="state state-changed">{report.failed.length} failed</span> · {report.pending.length} attempt(s) without an outcome
      </p>
      <div class="filters">
        <input type="search" placeholder="Filter by slug, schema or shard" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} data-testid="tenant-search" />
        {(['all', 'behind', 'failed', 'current'] as const).map((f) => (
          <label>
            <input type="radio" name="filter" checked={filter === f} onChange={() => setFilter(f)} data-testid={`filter-${f}`} /> {f}
          </label>
        ))}
      </div>
      <table class="grid" data-testid="fleet">
        <thead>
          <tr>
            <th>tenant</th>
            <th>schema</th>
            <th>shard</th>
            <th>version</th>
            <th class="num">behind</th>
            <th>last attempt</th>
            <th>defined schema</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((t) => {
            const state = stateOf(t, report);
            return (
              <>
                <tr data-tenant={t.slug} data-state={state}>
                  <td>
                    <a href={`#/tenants/${encodeURIComponent(t.slug)}`}>{t.slug}</a>
                  </td>
                  <td>
                    <code>{t.schema}</code>
                  </td>
                  <td>{t.shard ?? 'main'}</td>
                  <td>{t.version ?? 'none'}</td>
                  <td class="num">{t.behind}</td>
                  <td>{t.lastAttempt ? <span class={`state state-${t.lastAttempt === 'success' ? 'applied' : t.lastAttempt === 'failed' ? 'changed' : 'pending'}`}>{t.lastAttempt}</span> : ''}</td>
                  <td>{t.schemaVersion === null ? '' : `v${t.schemaVersion} ${t.schemaStatus ?? ''}`}</td>
                </tr>
                {state === 'failed' ? (
                  <tr class="failure">
                    <td colSpan={7}>
                      <LastFailure slug={t.slug} />
                    </td>
                  </tr>
                ) : null}
              </>
            );
          })}
        </tbody>
      </table>
      {report.pending.length ? (
        <>
          <h3>Attempts without an outcome</h3>
          <p class="muted small">Running now, or died: the next fleet run closes these as failed.</p>
          <table class="grid" data-testid="pending">
            <tbody>
              {report.pending.map((p) => (
                <tr>
                  <td>{p.slug ?? p.tenantId}</td>
                  <td>v{p.versionApplied}</td>
                  <td>{when(p.createdAt)}</td>
                  <td>{p.appliedBy ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

/** LastFailure shows the newest failed attempt's audit details: the error and the failing statement. */
function LastFailure({ slug }: { slug: string }) {
  const history = useApi<{ history: readonly AuditRow[] }>('tenant-history', { slug, limit: '20' });
  return (
    <Show loaded={history}>
      {({ history: rows }) => {
        const failed = rows.find((r) => r.status === 'failed');
        return failed ? (
          <div class="error" data-testid="tenant-error">
            {failed.details} <span class="muted small">({when(failed.updatedAt)}, v{failed.versionApplied})</span>
          </div>
        ) : (
          <span class="muted">no failed attempt in the audit log</span>
        );
      }}
    </Show>
  );
}

function TenantHistory({ slug }: { slug: string }) {
  const history = useApi<{ history: readonly AuditRow[] }>('tenant-history', { slug, limit: '200' });
  return (
    <section>
      <p>
        <a href="#/tenants">← Tenants</a>
      </p>
      <h2>Audit log of {slug}</h2>
      <Show loaded={history}>
        {({ history: rows }) => (
          <table class="grid" data-testid="audit">
            <thead>
              <tr>
                <th>started</th>
                <th>finished</th>
                <th>version</th>
                <th>status</th>
                <th>by</th>
                <th>details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr data-status={r.status}>
                  <td>{when(r.createdAt)}</td>
                  <td>{r.status === 'pending' ? '' : when(r.updatedAt)}</td>
                  <td>{r.versionApplied}</td>
                  <td>
                    <span class={`state state-${r.status === 'success' ? 'applied' : r.status === 'failed' ? 'changed' : 'pending'}`}>{r.status}</span>
                  </td>
                  <td>{r.appliedBy ?? ''}</td>
                  <td class={r.status === 'failed' ? 'error' : ''}>{r.details ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Show>
    </section>
  );
}
