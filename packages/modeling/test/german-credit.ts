import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The reference data set beside the project (`../shared/data`), as the project's data guide asks. */
const SHARED = fileURLToPath(new URL('../../../../shared/data/german-credit.csv', import.meta.url));
/** The same file kept with the tests, for checkouts without the shared folder. */
const COPY = fileURLToPath(new URL('./fixtures/german-credit.csv', import.meta.url));

/** Path of the German credit CSV the tests read: the shared one when it is there, else the copy. */
export const GERMAN_CREDIT_PATH = existsSync(SHARED) ? SHARED : COPY;
