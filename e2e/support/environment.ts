// Where the end-to-end server runs and which database file it uses; tests open the same file to
// set up records and to check what the pages wrote.
export const E2E_PORT = 3100;
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const E2E_DATABASE_FILE = './data/e2e.db';
// Each demo account's signed-in cookies, written by the setup project (e2e/auth.setup.ts).
export const AUTH_STATE_DIR = './test-results/.auth';
