import fc from 'fast-check';
import {
  ACCESS_RULES,
  AccessScenario,
  buildAccessScenario,
  pathOf,
  Principal,
  Rule,
} from '../support/access';
import { Platform, startPlatform } from '../support/platform';
import { ADMIN_ENV } from '../support/registration';
import { unmaskedIn, watchForResidentIds } from '../support/resident-ids';

/**
 * Malformed bodies for every route that takes one, sent by a caller the access rules let through, so that
 * the body is what gets judged: never a 5xx, and a 4xx writes nothing. `FUZZ_BODIES` (default 10,000) is the
 * total, shared across the routes; `FUZZ_SEED` replays a run.
 */
const TOTAL_BODIES = Number(process.env.FUZZ_BODIES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/** Who sends each route's bodies: the first allowed caller in this order. */
const SENDER_PREFERENCE: Principal[] = [
  'owner',
  'admin',
  'registrar',
  'clerk',
  'counterparty',
  'stranger',
  'reviewer',
  'auditor',
  'anonymous',
];

/** Written by design whatever the answer: the login throttle counts attempts, including refused ones. */
const WRITTEN_ON_ANY_ANSWER = new Set(['rate_limit_counter']);

const PAYLOADS = [
  "' OR '1'='1",
  "'; DROP TABLE registration_application; --",
  '1; SELECT pg_sleep(10)',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '\u0000',
  '\uFEFF\u202E',
  '𠮷野家'.repeat(50),
  '11010519491231002X',
  '00000000-0000-0000-0000-000000000000',
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  'true',
  '2026-02-30',
  '2026-13-01T25:61:61+99:00',
];

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...PAYLOADS),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ minLength: 5_000, maxLength: 20_000 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((value) => Number(value)),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 6 }),
  fc.anything({ maxDepth: 6, maxKeys: 4 }),
);

/** An object shaped like the route's body, with wrong, hostile or missing values. */
function bodiesFor(fields: string[]): fc.Arbitrary<string> {
  const shaped =
    fields.length > 0
      ? fc.record(Object.fromEntries(fields.map((field) => [field, junk])), { requiredKeys: [] })
      : fc.constant({});
  const json = fc.oneof(
    { weight: 6, arbitrary: shaped },
    { weight: 2, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), junk, { maxKeys: 6 }) },
    { weight: 2, arbitrary: junk },
  );
  const raw = fc.constantFrom(
    '{"__proto__":{"roles":["admin"]},"constructor":{"prototype":{"admin":true}}}',
    '{"a":',
    '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
    `{"x":"${'a'.repeat(1_100_000)}"}`,
    '',
    'null',
  );
  return fc.oneof(
    { weight: 9, arbitrary: json.map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: raw },
  );
}

interface FuzzedRoute {
  rule: Rule;
  method: string;
  sender: Principal;
  fields: string[];
}

describe('fuzzing every route that takes a body', () => {
  let platform: Platform;
  let scenario: AccessScenario;
  let routes: FuzzedRoute[];

  beforeAll(async () => {
    platform = await startPlatform({ env: ADMIN_ENV, worker: true });
    watchForResidentIds(platform);
    scenario = await buildAccessScenario(platform);
    // Nothing in the background (relay, jobs, sweeps) may write while the database is watched for writes.
    await platform.stopWorker();
    await installWriteProbe();

    const document = (await platform.api!.inject({ method: 'GET', url: '/api/docs-json' })).json();
    const schemas = document.components.schemas as Record<string, { properties?: Record<string, unknown> }>;
    routes = ACCESS_RULES.flatMap((rule) => {
      const [method, path] = rule.route.split(' ');
      const operation = document.paths[`/api/v1${path}`]?.[method.toLowerCase()];
      const content = operation?.requestBody?.content;
      if (!content) return [];
      const reference: string | undefined = content['application/json']?.schema?.$ref;
      const fields = reference ? Object.keys(schemas[reference.split('/').pop()!]?.properties ?? {}) : [];
      const sender = SENDER_PREFERENCE.find((principal) => rule.allowed.includes(principal))!;
      return [{ rule, method, sender, fields }];
    });
  }, 240_000);

  afterAll(async () => {
    await platform.close();
  });

  /**
   * Every committed row change of the platform's tables leaves a row in `write_probe` (row triggers, so a
   * guarded UPDATE that matches nothing, or work rolled back with the request, leaves none).
   */
  async function installWriteProbe(): Promise<void> {
    const tables = await platform.db.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    await platform.db.query(`
      CREATE TABLE write_probe (table_name text NOT NULL);
      CREATE FUNCTION record_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO write_probe VALUES (TG_TABLE_NAME); RETURN NULL; END $$;
      ${tables
        .filter(({ name }) => !WRITTEN_ON_ANY_ANSWER.has(name))
        .map(
          ({ name }) =>
            `CREATE TRIGGER write_probe AFTER INSERT OR UPDATE OR DELETE ON "${name}" FOR EACH ROW EXECUTE FUNCTION record_write();`,
        )
        .join('\n')}`);
  }

  async function writes(): Promise<number> {
    const [{ count }] = await platform.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM write_probe`,
    );
    return count;
  }

  it(`answers ${TOTAL_BODIES} malformed bodies with 4xx only and writes nothing for them (seed ${SEED})`, async () => {
    expect(routes.length).toBeGreaterThan(20);
    const perRoute = Math.max(1, Math.ceil(TOTAL_BODIES / routes.length));
    let sent = 0;
    let accepted = 0;
    let writtenWhenAccepted = 0;
    for (const { rule, method, sender, fields } of routes) {
      const url = pathOf(rule, scenario.resources);
      let written = await writes();
      await fc.assert(
        fc.asyncProperty(bodiesFor(fields), async (body) => {
          const response = await platform.request(method, url, {
            token: scenario.tokens[sender],
            rawBody: body,
            headers: { 'content-type': 'application/json' },
          });
          sent++;
          const after = await writes();
          const wrote = after !== written;
          written = after;
          // Routes whose every field is optional take `{}` and act on it, as they should.
          if (response.status < 400) {
            accepted++;
            if (wrote) writtenWhenAccepted++;
          }
          return response.status < 500 && !(response.status >= 400 && wrote);
        }),
        { numRuns: perRoute, seed: SEED },
      );
    }
    expect(sent).toBeGreaterThanOrEqual(TOTAL_BODIES);
    // Few bodies may come out valid (`{}` where every field is optional), or this would not be testing malformed input.
    expect(accepted).toBeLessThan(sent / 20);
    // The probe itself works: what was accepted (a withdrawal, say) did write.
    if (accepted > 0) expect(writtenWhenAccepted).toBeGreaterThan(0);
  }, 900_000);

  it('leaves no resident ID number unmasked in any response body or log line', () => {
    expect(platform.logs.lines.length).toBeGreaterThan(0);
    expect(unmaskedIn(platform)).toEqual([]);
  });
});
