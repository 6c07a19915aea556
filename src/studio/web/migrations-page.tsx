import type { DriftReport, Finding, HistoryEvent, LintReport, StatusReport } from './api.js';
import { useApi } from './hooks.js';
import { Show } from './main.js';

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');

/** fileLink is the page address of a migration file, at a line. */
export const fileLink = (file: string, line?: number) => `#/migrations/file/${encodeURIComponent(file)}${line ? `/${line}` : ''}`;

export function MigrationsPage({ route }: { route: readonly string[] }) {
  if (route[0] === 'file' && route[1]) return <FileView file={route[1]} line={Number(route[2] ?? 0)} />;
  return (
    <div class="stack">
      <Status />
      <Lint />
      <Drift />
      <History />
    </div>
  );
}

function Status() {
  const status = useApi<StatusReport>('status');
  return (
    <section>
      <h2>Status</h2>
      <Show loaded={status}>
        {(report) => (
          <>
            <p>
              Current version: <strong data-testid="current">{report.current ?? 'none applied'}</strong> ·{' '}
              {Object.entries(report.counts)
                .filter(([, n]) => n > 0)
                .map(([state, n]) => (
                  <span class={`state state-${state}`}>
                    {n} {state}
                  </span>
                ))}
            </p>
            <table class="grid" data-testid="status">
              <thead>
                <tr>
                  <th>state</th>
                  <th>migration</th>
                  <th>applied</th>
                  <th>by</th>
                  <th class="num">ms</th>
                  <th>description</th>
                </tr>
              </thead>
              <tbody>
                {report.migrations.map((m) => (
                  <tr data-state={m.state}>
                    <td>
                      <span class={`state state-${m.state}`}>{m.state}</span>
                    </td>
                    <td>{m.file ? <a href={fileLink(m.file)}>{`${m.version}_${m.name}`}</a> : `${m.version}_${m.name}`}</td>
                    <td>{when(m.appliedAt)}</td>
                    <td>{m.appliedBy ?? ''}</td>
                    <td class="num">{m.executionMs ?? ''}</td>
                    <td class="muted">{m.description ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Show>
    </section>
  );
}

function Lint() {
  const lint = useApi<LintReport>('lint');
  return (
    <section>
      <h2>Lint findings in pending migrations</h2>
      <Show loaded={lint}>
        {(report) =>
          report.files.length === 0 ? (
            <p class="muted">No pending migrations.</p>
          ) : (
            <>
              <p>
                {report.files.length} pending file(s): {report.errors} error(s), {report.warnings} warning(s).
              </p>
              {report.files.map((file) => (
                <LintFile file={file} findings={report.findings.filter((f) => f.file === file)} />
              ))}
            </>
          )
        }
      </Show>
    </section>
  );
}

function LintFile({ file, findings }: { file: string; findings: readonly Finding[] }) {
  return (
    <div class="lint-file" data-testid="lint-file">
      <h4>
        <a href={fileLink(file)}>{file}</a> {findings.length === 0 ? <span class="muted small">no findings</span> : null}
      </h4>
      <ul class="findings">
        {findings.map((f) => (
          <li class={`finding ${f.severity}`} data-testid="finding">
            <a href={fileLink(f.file, f.line)}>
              {f.file}:{f.line}:{f.column}
            </a>{' '}
            <span class={`sev ${f.severity}`}>{f.severity}</span> <code>{f.rule}</code> {f.message}
            <div class="muted small">{f.hint}</div>
            {f.suggestion ? <pre class="sql">{f.suggestion}</pre> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Drift() {
  const drift = useApi<DriftReport>('drift');
  return (
    <section>
      <h2>Drift</h2>
      <Show loaded={drift}>
        {(report) =>
          report.drifted ? (
            <div data-testid="drift">
              <p class="error">The database differs from what the migrations build. To make it match them:</p>
              <ul>
                {report.plan.changes.map((c) => (
                  <li>
                    {c.summary}
                    {c.destructive ? <span class="sev error"> destructive</span> : null}
                  </li>
                ))}
              </ul>
              <pre class="sql">{report.plan.up.join('\n')}</pre>
            </div>
          ) : (
            <p data-testid="drift">No drift: the database matches the migrations.</p>
          )
        }
      </Show>
    </section>
  );
}

function History() {
  const history = useApi<{ events: readonly HistoryEvent[] }>('history', { limit: '100' });
  return (
    <section>
      <h2>History</h2>
      <Show loaded={history}>
        {({ events }) =>
          events.length === 0 ? (
            <p class="muted">No history yet.</p>
          ) : (
            <table class="grid" data-testid="history">
              <thead>
                <tr>
                  <th>at</th>
                  <th>action</th>
                  <th>migration</th>
                  <th>by</th>
                  <th class="num">ms</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr>
                    <td>{when(e.at)}</td>
                    <td>{e.action}</td>
                    <td>{`${e.version}_${e.name}`}</td>
                    <td>{e.by}</td>
                    <td class="num">{e.executionMs}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  );
}

function FileView({ file, line }: { file: string; line: number }) {
  const loaded = useApi<{ path: string; text: string }>('file', { path: file });
  return (
    <section>
      <p>
        <a href="#/migrations">← Migrations</a>
      </p>
      <h2>{file}</h2>
      <Show loaded={loaded}>
        {({ text }) => (
          <pre class="source" data-testid="file">
            {text.split('\n').map((content, i) => (
              <div class={i + 1 === line ? 'line hit' : 'line'} id={`L${i + 1}`} ref={(el) => {
                  if (i + 1 === line) el?.scrollIntoView({ block: 'center' });
                }}>
                <span class="ln">{i + 1}</span>
                {content}
              </div>
            ))}
          </pre>
        )}
      </Show>
    </section>
  );
}
