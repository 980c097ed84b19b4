import { useOwnStack } from './own-stack';

// Each console test file talks to the console project's stack (this file's copy of env only).
useOwnStack('console');
