import { useOwnStack } from './own-stack';

// A test file of a project with a stack of its own talks to that stack (the project's `globals.ownStack`).
useOwnStack(String((globalThis as { ownStack?: string }).ownStack));
