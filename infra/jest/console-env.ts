// Each console test file talks to the console project's stack: the testing helpers (users.ts, mail.ts, local-stack.ts)
// find a stack through ARGUS_STATE_DIR, which in this project names that stack's state dir (this file's copy of env only).
if (process.env.ARGUS_CONSOLE_STATE_DIR) process.env.ARGUS_STATE_DIR = process.env.ARGUS_CONSOLE_STATE_DIR;
