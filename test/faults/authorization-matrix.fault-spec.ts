import { Platform, startPlatform } from '../support/platform';
import {
  ACCESS_RULES,
  buildAccessScenario,
  pathOf,
  Principal,
  PRINCIPALS,
  Resources,
} from '../support/access';
import { ADMIN_ENV } from '../support/registration';
import { unmaskedIn, watchForResidentIds } from '../support/resident-ids';

/**
 * Every route of the OpenAPI document against every kind of caller: who may pass authentication, roles and
 * ownership. The table (`ACCESS_RULES` in test/support/access.ts) is the specification, written from
 * DOMAIN.md's roles, not read off the code; a route missing from it fails the test, so a new route cannot
 * ship unclassified.
 *
 * A caller is refused when the answer is 401, 403, or 404 for a resource that exists (ownership hides what
 * a caller may not see). Anything else — 200, 400 for the empty body, 409 for the state — got past the
 * checks. No answer may be a 5xx.
 */

describe('authorization matrix: every route × every kind of caller', () => {
  let platform: Platform;
  let tokens: Record<Principal, string | undefined>;
  let resources: Resources;

  beforeAll(async () => {
    platform = await startPlatform({ env: ADMIN_ENV, worker: true });
    watchForResidentIds(platform);
    ({ tokens, resources } = await buildAccessScenario(platform));
  }, 240_000);

  afterAll(async () => {
    await platform.close();
  });

  it('classifies every documented route', async () => {
    const document = await platform.api!.inject({ method: 'GET', url: '/api/docs-json' });
    const documented = Object.entries(
      document.json().paths as Record<string, Record<string, unknown>>,
    ).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`),
    );
    expect(documented.sort()).toEqual(ACCESS_RULES.map((rule) => rule.route).sort());
  });

  it('lets through exactly the callers the table allows, and never answers with a 5xx', async () => {
    const mismatches: string[] = [];
    const failures: string[] = [];
    for (const rule of ACCESS_RULES) {
      const [method] = rule.route.split(' ');
      const path = pathOf(rule, resources);
      for (const principal of PRINCIPALS) {
        const response = await platform.request(method, path, {
          token: tokens[principal],
          body: method === 'GET' || method === 'DELETE' ? undefined : (rule.body?.(resources) ?? {}),
        });
        if (response.status >= 500) failures.push(`${rule.route} as ${principal}: ${response.status}`);
        const refused =
          response.status === 401 ||
          response.status === 403 ||
          (response.status === 404 && !rule.nothingThere);
        const expected = rule.allowed.includes(principal);
        if (refused === expected) {
          mismatches.push(
            `${rule.route} as ${principal}: ${response.status} ${expected ? 'refused' : 'let through'} ` +
              JSON.stringify(response.body).slice(0, 160),
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(mismatches).toEqual([]);
  }, 300_000);

  it('leaves no resident ID number unmasked in any response body or log line', () => {
    expect(platform.logs.lines.length).toBeGreaterThan(0);
    expect(unmaskedIn(platform)).toEqual([]);
  });
});
