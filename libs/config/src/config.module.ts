import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService, registerAs } from '@nestjs/config';
import { loadConfiguration } from './load-configuration';
import { CONFIG_NAMESPACES, Configuration } from './namespaces';

/**
 * @nestjs/config validates the whole environment once at boot; each namespace class is then
 * injectable by its own type, e.g. `constructor(private readonly database: DatabaseConfig)`.
 */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      ignoreEnvFile: true,
      cache: true,
      validate: (env) => {
        loadConfiguration(env);
        return env;
      },
      load: CONFIG_NAMESPACES.map((cls) =>
        registerAs(cls.namespace, () => loadConfiguration()[cls.namespace as keyof Configuration]),
      ),
    }),
  ],
  providers: CONFIG_NAMESPACES.map((cls) => ({
    provide: cls,
    inject: [ConfigService],
    useFactory: (config: ConfigService) => config.getOrThrow(cls.namespace),
  })),
  exports: [...CONFIG_NAMESPACES],
})
export class AppConfigModule {}
