import { useMemo, useState } from 'preact/hooks';
import type { ObjectDdl, SchemaModel, TableDef, ViewDef } from './api.js';
import { useApi } from './hooks.js';
import { Show } from './main.js';
import { matches, objectsOf, type SchemaObject } from './schema-objects.js';

export function SchemaPage({ route }: { route: readonly string[] }) {
  const schema = useApi<SchemaModel>('schema');
  const selected = route[0] ?? '';
  return <Show loaded={schema}>{(model) => <SchemaBrowser model={model} selected={selected} />}</Show>;
}

function SchemaBrowser({ model, selected }: { model: SchemaModel; selected: string }) {
  const [query, setQuery] = useState('');
  const objects = useMemo(() => objectsOf(model), [model]);
  const shown = objects.map((o) => ({ o, hit: matches(o, query) })).filter((x) => x.hit);
  const current = objects.find((o) => o.id === selected);
  return (
    <div class="split">
      <aside>
        <input type="search" placeholder="Search tables, views, functions, columns…" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} data-testid="search" autofocus />
        <p class="muted small">
          {shown.length} of {objects.length} · {model.schemas.length} schema{model.schemas.length === 1 ? '' : 's'}
        </p>
        <ul class="objects" data-testid="object-list">
          {shown.map(({ o, hit }) => (
            <li key={o.id}>
              <a href={`#/schema/${encodeURIComponent(o.id)}`} class={o.id === selected ? 'active' : ''} data-testid="object-link">
                <span class={`kind kind-${o.kind.replace(' ', '-')}`}>{o.kind}</span> {o.schema === 'public' ? o.name : `${o.schema}.${o.name}`}
                {hit === 'column' ? <span class="muted small"> (column)</span> : null}
              </a>
            </li>
          ))}
        </ul>
      </aside>
      <section class="detail">{current ? <ObjectDetail model={model} object={current} /> : <Summary model={model} />}</section>
    </div>
  );
}

function Summary({ model }: { model: SchemaModel }) {
  const rows: [string, number][] = [
    ['schemas', model.schemas.length],
    ['tables', model.tables.length],
    ['views', model.views.length],
    ['functions', model.functions.length],
    ['enums', model.enums.length],
    ['extensions', model.extensions.length],
  ];
  return (
    <div>
      <h2>Schema</h2>
      <table class="grid narrow">
        <tbody>
          {rows.map(([label, n]) => (
            <tr>
              <td>{label}</td>
              <td class="num">{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">Pick an object on the left, or search.</p>
    </div>
  );
}

function ObjectDetail({ model, object }: { model: SchemaModel; object: SchemaObject }) {
  const table = object.kind === 'table' ? model.tables.find((t) => t.schema === object.schema && t.name === object.name) : undefined;
  const view = object.kind === 'view' || object.kind === 'materialized view' ? model.views.find((v) => v.schema === object.schema && v.name === object.name) : undefined;
  const enumDef = object.kind === 'enum' ? model.enums.find((e) => e.schema === object.schema && e.name === object.name) : undefined;
  const fn = object.kind === 'function' || object.kind === 'procedure' ? model.functions.find((f) => `function:${f.schema}.${f.name}(${f.identityArguments})` === object.id) : undefined;
  return (
    <article data-testid="object-detail">
      <h2>
        <span class={`kind kind-${object.kind.replace(' ', '-')}`}>{object.kind}</span> {object.schema}.{object.name}
      </h2>
      {table ? <TableDetail table={table} /> : null}
      {view ? <ViewDetail view={view} /> : null}
      {enumDef ? (
        <>
          {enumDef.comment ? <p class="comment">{enumDef.comment}</p> : null}
          <p>
            Values:{' '}
            {enumDef.values.map((v) => (
              <code class="pill">{v}</code>
            ))}
          </p>
        </>
      ) : null}
      {fn?.comment ? <p class="comment">{fn.comment}</p> : null}
      <Ddl id={object.id} />
    </article>
  );
}

function TableDetail({ table }: { table: TableDef }) {
  const keyColumns = new Set(table.constraints.filter((c) => c.type === 'primary key').flatMap((c) => c.columns));
  const references = new Map(table.constraints.filter((c) => c.foreignKey).flatMap((c) => c.columns.map((col) => [col, c.foreignKey!.table] as const)));
  return (
    <>
      {table.comment ? <p class="comment">{table.comment}</p> : null}
      <p class="small" data-testid="rls">
        Row-level security: {table.rowSecurity ? <strong>{table.forceRowSecurity ? 'enabled, forced for the owner' : 'enabled'}</strong> : 'off'}
        {table.partitioning ? ` · partitioned by ${table.partitioning.strategy} (${table.partitioning.key})` : ''}
        {table.partitionOf ? ` · partition of ${table.partitionOf.table.schema}.${table.partitionOf.table.name} ${table.partitionOf.bound}` : ''}
      </p>
      <h3>Columns</h3>
      <table class="grid" data-testid="columns">
        <thead>
          <tr>
            <th>name</th>
            <th>type</th>
            <th>null</th>
            <th>default</th>
            <th>comment</th>
          </tr>
        </thead>
        <tbody>
          {table.columns.map((c) => {
            const ref = references.get(c.name);
            return (
              <tr>
                <td>
                  <code>{c.name}</code>
                  {keyColumns.has(c.name) ? <span class="pill key">PK</span> : null}
                  {ref ? (
                    <a class="pill fk" href={`#/schema/${encodeURIComponent(`relation:${ref.schema}.${ref.name}`)}`}>
                      → {ref.name}
                    </a>
                  ) : null}
                </td>
                <td>
                  <code>{c.type}</code>
                </td>
                <td>{c.notNull ? 'not null' : 'null'}</td>
                <td>
                  <code>{c.identity ? `identity (${c.identity.kind})` : c.generated ? `generated: ${c.generated.expression}` : (c.default ?? '')}</code>
                </td>
                <td class="comment">{c.comment ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {table.constraints.length ? (
        <>
          <h3>Constraints</h3>
          <table class="grid">
            <tbody>
              {table.constraints.map((c) => (
                <tr>
                  <td>
                    <code>{c.name}</code>
                  </td>
                  <td class="nowrap">{c.type}</td>
                  <td>
                    <code>{c.definition}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {table.indexes.length ? (
        <>
          <h3>Indexes</h3>
          <table class="grid">
            <tbody>
              {table.indexes.map((i) => (
                <tr>
                  <td>
                    <code>{i.name}</code>
                  </td>
                  <td>
                    <code>{i.definition}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {table.policies.length ? (
        <>
          <h3>Policies</h3>
          <table class="grid" data-testid="policies">
            <thead>
              <tr>
                <th>name</th>
                <th>for</th>
                <th>to</th>
                <th>using</th>
                <th>with check</th>
              </tr>
            </thead>
            <tbody>
              {table.policies.map((p) => (
                <tr>
                  <td>
                    <code>{p.name}</code>
                    {p.permissive ? '' : <span class="pill">restrictive</span>}
                  </td>
                  <td>{p.command}</td>
                  <td>{p.roles.join(', ')}</td>
                  <td>
                    <code>{p.using ?? ''}</code>
                  </td>
                  <td>
                    <code>{p.withCheck ?? ''}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}

function ViewDetail({ view }: { view: ViewDef }) {
  return (
    <>
      {view.comment ? <p class="comment">{view.comment}</p> : null}
      <h3>Columns</h3>
      <table class="grid">
        <tbody>
          {view.columns.map((c) => (
            <tr>
              <td>
                <code>{c.name}</code>
              </td>
              <td>
                <code>{c.type}</code>
              </td>
              <td class="comment">{c.comment ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Ddl({ id }: { id: string }) {
  const ddl = useApi<{ objects: readonly ObjectDdl[] }>('ddl');
  return (
    <>
      <h3>DDL</h3>
      <Show loaded={ddl}>{({ objects }) => <pre class="sql" data-testid="ddl">{objects.find((o) => o.id === id)?.sql ?? '-- no statements of its own'}</pre>}</Show>
    </>
  );
}
