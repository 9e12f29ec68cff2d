import path from 'node:path';
import { SqlitePortfolioStore } from '../../src/store/sqlite-portfolio-store.js';
import { tempDir } from '../helpers/temp-dir.js';
import { storeContract } from './store-contract.js';

let stores = 0;
storeContract('SQLite', async () => SqlitePortfolioStore.open(path.join(tempDir(), `portfolio-${++stores}.db`)));
