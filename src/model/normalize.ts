import type { GrantTarget, PrivilegeGrant, SchemaModel, TableDef, ViewDef } from './types.js';

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
// Targets sort by their JSON, whose keys come in one order (introspection builds them).
const targetKey = (on: GrantTarget) => JSON.stringify(on);
const byPrivilege = (a: PrivilegeGrant, b: PrivilegeGrant) => compareText(a.privilege, b.privilege);
const byQualified = <T extends { schema: string; name: string }>(a: T, b: T) =>
  a.schema < b.schema ? -1 : a.schema > b.schema ? 1 : byName(a, b);

/** emptyModel is the model of a database without user objects. */
export function emptyModel(): SchemaModel {
  return { schemas: [], extensions: [], enums: [], domains: [], composites: [], ranges: [], collations: [], sequences: [], tables: [], views: [], functions: [], aggregates: [], textSearchDictionaries: [], textSearchConfigurations: [], eventTriggers: [], publications: [], dependencies: [], privileges: [], defaultPrivileges: [], owners: [] };
}

/**
 * normalizeModel sorts every list into its canonical order (objects by schema and name, members
 * by name; columns keep their position, since column order is part of a table), so equal schemas
 * give equal JSON.
 */
export function normalizeModel(model: SchemaModel): SchemaModel {
  const table = (t: TableDef): TableDef => ({
    ...t,
    constraints: [...t.constraints].sort(byName),
    indexes: [...t.indexes].sort(byName),
    triggers: [...t.triggers].sort(byName),
    policies: [...t.policies].sort(byName),
    rules: [...(t.rules ?? [])].sort(byName),
    statistics: [...(t.statistics ?? [])].sort(byQualified),
  });
  const view = (v: ViewDef): ViewDef => ({ ...v, indexes: [...v.indexes].sort(byName), rules: [...(v.rules ?? [])].sort(byName), statistics: [...(v.statistics ?? [])].sort(byQualified), dependsOn: [...v.dependsOn].sort(byQualified) });
  return {
    schemas: [...model.schemas].sort(byName),
    extensions: [...model.extensions].sort(byName),
    enums: [...model.enums].sort(byQualified),
    domains: [...model.domains].map((d) => ({ ...d, checks: [...d.checks].sort(byName) })).sort(byQualified),
    composites: [...model.composites].sort(byQualified),
    ranges: [...model.ranges].sort(byQualified),
    collations: [...model.collations].sort(byQualified),
    sequences: [...model.sequences].sort(byQualified),
    tables: model.tables.map(table).sort(byQualified),
    views: model.views.map(view).sort(byQualified),
    functions: [...model.functions].sort((a, b) => byQualified(a, b) || (a.identityArguments < b.identityArguments ? -1 : a.identityArguments > b.identityArguments ? 1 : 0)),
    aggregates: [...(model.aggregates ?? [])].sort((a, b) => byQualified(a, b) || (a.identityArguments < b.identityArguments ? -1 : a.identityArguments > b.identityArguments ? 1 : 0)),
    textSearchDictionaries: [...(model.textSearchDictionaries ?? [])].sort(byQualified),
    textSearchConfigurations: [...(model.textSearchConfigurations ?? [])].sort(byQualified),
    eventTriggers: [...(model.eventTriggers ?? [])].sort(byName),
    publications: (model.publications ?? []).map((p) => ({ ...p, tables: [...p.tables].sort(byQualified), schemas: [...p.schemas].sort() })).sort(byName),
    privileges: model.privileges
      .map((p) => ({ ...p, privileges: [...p.privileges].sort(byPrivilege), defaults: [...p.defaults].sort() }))
      .sort((a, b) => compareText(targetKey(a.on), targetKey(b.on)) || compareText(a.grantee, b.grantee)),
    defaultPrivileges: model.defaultPrivileges
      .map((p) => ({ ...p, privileges: [...p.privileges].sort(byPrivilege), defaults: [...p.defaults].sort() }))
      .sort((a, b) => compareText(a.role, b.role) || compareText(a.schema ?? '', b.schema ?? '') || compareText(a.objects, b.objects) || compareText(a.grantee, b.grantee)),
    owners: [...model.owners].sort((a, b) => compareText(targetKey(a.on), targetKey(b.on))),
    dependencies: [...model.dependencies].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)),
  };
}
