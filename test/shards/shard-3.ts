import { importTestShard } from '../helpers/test-shard.js';

await importTestShard(3);
