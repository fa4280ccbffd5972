import { DataSource } from 'typeorm';
import { loadConfigurationOrExit } from '@app/config';
import { dataSourceOptions } from '../data-source-options';

/** Used by the TypeORM CLI for `npm run migration:generate`. */
export default new DataSource(dataSourceOptions(loadConfigurationOrExit().database, 'wuhai-migration-cli'));
