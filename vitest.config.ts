import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['properties/**/*.test.ts'],
    globalSetup: ['properties/global-setup.ts'],
    setupFiles: ['properties/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
