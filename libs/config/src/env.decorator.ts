import 'reflect-metadata';

export type EnvParser = 'string' | 'int' | 'bool' | 'list';

export interface EnvBinding {
  property: string;
  variable: string;
  parser: EnvParser;
  /** Used only outside production, so a developer can start with no environment at all. */
  developmentDefault?: string;
}

const ENV_BINDINGS = Symbol('envBindings');

/** Binds a config property to an environment variable; error lines name the variable, not the property. */
export function FromEnv(
  variable: string,
  options: { parser?: EnvParser; developmentDefault?: string } = {},
): PropertyDecorator {
  return (target, property) => {
    const bindings: EnvBinding[] = Reflect.getMetadata(ENV_BINDINGS, target) ?? [];
    Reflect.defineMetadata(
      ENV_BINDINGS,
      [
        ...bindings,
        {
          property: String(property),
          variable,
          parser: options.parser ?? 'string',
          developmentDefault: options.developmentDefault,
        },
      ],
      target,
    );
  };
}

export function envBindingsOf(target: object): EnvBinding[] {
  return Reflect.getMetadata(ENV_BINDINGS, target) ?? [];
}
