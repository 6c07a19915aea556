/**
 * Redaction works on the text the user typed, never on a parsed URL: the URLs that must be printed
 * are most often the ones that do not parse (a bad port, a password holding `/` or `#`), and a parser
 * that gives up — or splits at the first `@` — would print part of the password.
 */

/** SECRET_PARAM names query parameters whose values are hidden as well (`password=`, `sslpassword=`, …). */
const SECRET_PARAM = /pass|secret|token|key/i;

/**
 * userinfoEnd finds where the userinfo of `rest` (the text after `scheme://`) ends: at the last `@`
 * of the authority. The authority ends at the first `?` or `#`, not at `/`: a password holding a raw
 * `/` is still a password. When that part holds no `@` but the URL does further on, the password may
 * hold a raw `?` or `#`, so the last `@` of the whole text counts: hiding too much is the safe error.
 */
function userinfoEnd(rest: string): number {
  const queryStart = rest.search(/[?#]/);
  const authority = queryStart === -1 ? rest : rest.slice(0, queryStart);
  const inAuthority = authority.lastIndexOf('@');
  return inAuthority !== -1 ? inAuthority : rest.lastIndexOf('@');
}

/**
 * redactUrl hides the password of a database URL so it can be printed: whatever lies between the
 * first `:` of the userinfo and the last `@` of the authority becomes `***`, as do the values of
 * query parameters that name a secret. Everything else is printed as typed. It never throws, also not
 * on input that is not a URL at all, because it is used while reporting errors about such input; a
 * libpq key/value string (`host=db password=x`) has its `password` hidden too.
 *
 * @example redactUrl('postgres://app:s3cr@t@db:5432/prod') // 'postgres://app:***@db:5432/prod'
 */
export function redactUrl(raw: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(raw);
  if (!scheme) return raw.replace(/(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi, '$1***');
  const rest = raw.slice(scheme[0].length);
  const at = userinfoEnd(rest);
  let userinfo = at === -1 ? '' : rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon !== -1) userinfo = `${userinfo.slice(0, colon)}:***`;
  const after = at === -1 ? rest : rest.slice(at + 1);
  // Over all of it, not only what follows the userinfo: "?password=p@ss" moved the split point.
  const shown = `${at === -1 ? '' : `${userinfo}@`}${after}`.replace(/([?&]([^=&#]*)=)([^&]*)/g, (whole, head: string, key: string) =>
    SECRET_PARAM.test(decodeSafely(key)) ? `${head}***` : whole,
  );
  return `${scheme[0]}${shown}`;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
