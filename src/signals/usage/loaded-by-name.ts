/**
 * Packages that other packages load by name at run time, so the project
 * declares them without ever importing them: the engines and drivers each
 * loader `require`s from a name in its configuration. Data from each loader's
 * own documentation (consolidate's engine list, knex's and sequelize's
 * dialects, typeorm's drivers, NestJS's platform adapters); a declared package
 * listed under a used loader is used, never unused.
 */
const TEMPLATE_ENGINES = [
  'atpl', 'bracket-template', 'dot', 'dustjs-linkedin', 'eco', 'ect', 'ejs', 'haml-coffee', 'hamlet', 'handlebars', 'hbs', 'hogan.js', 'htmling', 'jade', 'jazz', 'jqtpl', 'just', 'liquid-node', 'liquidjs', 'lodash', 'marko', 'mote', 'mustache', 'nunjucks', 'plates', 'pug', 'ractive', 'react', 'react-dom', 'slm', 'squirrelly', 'swig', 'swig-templates', 'teacup', 'templayed', 'toffee', 'twig', 'twing', 'underscore', 'vash', 'velocityjs', 'walrus', 'whiskers', 'eta', 'edge.js',
];
/** What Express's `app.set('view engine', name)` requires by that name (engines exporting `__express`). */
const EXPRESS_VIEW_ENGINES = ['pug', 'jade', 'ejs', 'hbs', 'handlebars', 'express-handlebars', 'nunjucks', 'mustache', 'mustache-express', 'twig', 'eta', 'express-react-views', 'vash', 'swig', 'marko', 'dustjs-linkedin', 'haml', 'liquidjs'];
const SQL_DRIVERS = ['pg', 'pg-native', 'pg-query-stream', 'mysql', 'mysql2', 'mariadb', 'sqlite3', 'better-sqlite3', '@vscode/sqlite3', 'tedious', 'mssql', 'oracledb', 'ibm_db', 'snowflake-sdk', 'sql.js'];

export const LOADED_BY_NAME: Readonly<Record<string, readonly string[]>> = {
  consolidate: TEMPLATE_ENGINES,
  '@ladjs/consolidate': TEMPLATE_ENGINES,
  'email-templates': TEMPLATE_ENGINES,
  // Express requires the engine named by app.set('view engine', …) or res.render's extension.
  express: EXPRESS_VIEW_ENGINES,
  'koa-views': TEMPLATE_ENGINES,
  '@koa/views': TEMPLATE_ENGINES,
  'point-of-view': TEMPLATE_ENGINES,
  '@fastify/view': TEMPLATE_ENGINES,
  knex: SQL_DRIVERS,
  sequelize: [...SQL_DRIVERS, 'pg-hstore'],
  typeorm: [...SQL_DRIVERS, 'mongodb', 'redis', 'ioredis', '@sap/hana-client', 'hdb-pool', 'typeorm-aurora-data-api-driver', '@google-cloud/spanner', 'react-native-sqlite-storage'],
  objection: SQL_DRIVERS,
  bookshelf: SQL_DRIVERS,
  'node-pg-migrate': ['pg'],
  'db-migrate': ['db-migrate-pg', 'db-migrate-mysql', 'db-migrate-sqlite3', 'db-migrate-mongodb'],
  pg: ['pg-native'],
  '@nestjs/core': ['@nestjs/platform-express', '@nestjs/platform-fastify', '@nestjs/microservices', '@nestjs/websockets', 'reflect-metadata'],
  '@nestjs/common': ['class-validator', 'class-transformer', 'reflect-metadata'],
  '@nestjs/microservices': ['ioredis', 'redis', 'nats', 'mqtt', 'kafkajs', 'amqplib', 'amqp-connection-manager', '@grpc/grpc-js', '@grpc/proto-loader'],
  '@nestjs/websockets': ['socket.io', 'ws'],
  '@nestjs/platform-socket.io': ['socket.io'],
  ws: ['bufferutil', 'utf-8-validate'],
  'socket.io': ['bufferutil', 'utf-8-validate', 'ws'],
  mongodb: ['kerberos', 'snappy', '@mongodb-js/zstd', 'mongodb-client-encryption', '@aws-sdk/credential-providers', 'gcp-metadata', 'socks'],
  mongoose: ['kerberos', 'snappy', '@mongodb-js/zstd', 'mongodb-client-encryption', '@aws-sdk/credential-providers', 'gcp-metadata', 'socks'],
  pino: ['pino-pretty', 'pino-abstract-transport', 'pino-loki', 'pino-elasticsearch', 'pino-datadog-transport'],
  'pino-http': ['pino-pretty'],
  config: ['js-yaml', 'yaml', 'json5', 'hjson', 'toml', 'properties', 'x2js', 'cson', 'coffeescript'],
  'cache-manager': ['cache-manager-redis-store', 'cache-manager-ioredis', '@keyv/redis'],
  keyv: ['@keyv/redis', '@keyv/mongo', '@keyv/sqlite', '@keyv/postgres', '@keyv/mysql', '@keyv/etcd', '@keyv/memcache'],
  next: ['sharp'],
  jest: ['ts-jest', 'babel-jest', 'jest-environment-node', 'jest-environment-jsdom', 'jest-junit', 'jest-circus'],
  mocha: ['mocha-junit-reporter', 'mochawesome', 'mocha-multi-reporters'],
  'ts-node': ['typescript', '@swc/core', 'tsconfig-paths'],
  '@swc/core': ['@swc/helpers'],
  // Nx registers a TypeScript loader by name to read .ts configuration (jest.config.ts, webpack.config.ts), and loads its plugins by name.
  nx: ['@swc-node/register', '@swc/core', 'ts-node', '@nx/workspace'],
  // Its flat configs require typescript-eslint and eslint-config-prettier.
  '@nx/eslint-plugin': ['typescript-eslint', '@typescript-eslint/parser', '@typescript-eslint/eslint-plugin', 'eslint-config-prettier'],
};
