import { EntityManager } from 'typeorm';

/**
 * Runs an UPDATE … RETURNING and gives back the updated rows. TypeORM's postgres driver answers UPDATE
 * and DELETE with `[rows, rowCount]` rather than rows, which is easy to misread at call sites.
 * An empty result means the guard in the WHERE clause (status, version, active …) did not match.
 */
export async function updateReturning<T>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const [rows] = (await manager.query(sql, params)) as [T[], number];
  return rows;
}
