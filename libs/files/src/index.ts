export * from './content-type';
export * from './file-storage';
export * from './files.service';
export * from './files.module';
