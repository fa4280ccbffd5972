import { validateSync } from 'class-validator';
import { EnvBinding, envBindingsOf } from './env.decorator';
import { CONFIG_NAMESPACES, Configuration } from './namespaces';

export type Environment = Record<string, string | undefined>;

/** Thrown with one line per bad or missing variable, so an operator can fix them all in one go. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

type NamespaceClass = (typeof CONFIG_NAMESPACES)[number];

function parseValue(raw: string, binding: EnvBinding): unknown {
  switch (binding.parser) {
    case 'int':
      return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case 'bool': {
      const normalized = raw.trim().toLowerCase();
      if (['true', '1', 'yes'].includes(normalized)) return true;
      if (['false', '0', 'no'].includes(normalized)) return false;
      return raw;
    }
    case 'list':
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    default:
      return raw;
  }
}

function isProduction(env: Environment): boolean {
  return (env.NODE_ENV ?? 'development') === 'production';
}

function readNamespace<T extends object>(
  cls: new () => T,
  env: Environment,
): { value: T; problems: string[] } {
  const instance = new cls() as Record<string, unknown>;
  const problems: string[] = [];
  const bindings = envBindingsOf(cls.prototype);
  for (const binding of bindings) {
    const raw = env[binding.variable];
    if (raw !== undefined && raw !== '') {
      instance[binding.property] = parseValue(raw, binding);
    } else if (binding.developmentDefault !== undefined) {
      if (isProduction(env)) {
        problems.push(`${binding.variable}: is required when NODE_ENV=production`);
      } else {
        instance[binding.property] = binding.developmentDefault;
      }
    }
  }
  if (problems.length === 0) {
    for (const error of validateSync(instance, { forbidUnknownValues: false, stopAtFirstError: true })) {
      const variable = bindings.find((b) => b.property === error.property)?.variable ?? error.property;
      const received = env[variable];
      const shown = received === undefined ? 'not set' : `got "${received}"`;
      for (const message of Object.values(error.constraints ?? {})) {
        problems.push(`${variable}: ${message} (${shown})`);
      }
    }
  }
  return { value: instance as T, problems };
}

/** Reads and validates every namespace; the only place in the code base that reads the environment. */
export function loadConfiguration(env: Environment = process.env): Configuration {
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const cls of CONFIG_NAMESPACES as readonly NamespaceClass[]) {
    const { value, problems: namespaceProblems } = readNamespace(cls as new () => object, env);
    problems.push(...namespaceProblems);
    result[cls.namespace] = value;
  }
  const configuration = result as unknown as Configuration;
  const { adminUsername, adminPassword } = configuration.auth;
  if (Boolean(adminUsername) !== Boolean(adminPassword)) {
    problems.push('ADMIN_USERNAME / ADMIN_PASSWORD: set both or neither');
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return configuration;
}

/** For entry points: prints one line per problem and exits, instead of a stack trace. */
export function loadConfigurationOrExit(env: Environment = process.env): Configuration {
  try {
    return loadConfiguration(env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`Configuration is invalid; the process will not start.\n`);
      for (const problem of error.problems) process.stderr.write(`  ${problem}\n`);
      process.exit(1);
    }
    throw error;
  }
}
