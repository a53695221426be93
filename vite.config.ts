import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

/** Browsers released since early 2022: major << 16, as Lightning CSS takes them. */
const targets = { chrome: 100 << 16, edge: 100 << 16, firefox: 100 << 16, safari: 15 << 16, ios_saf: 15 << 16 };

export default defineConfig({
  plugins: [sveltekit()],
  // Lightning CSS lowers what older browsers lack, notably light-dark() in the theme colours
  // (Safari before 17.5 would otherwise drop every colour).
  css: { transformer: 'lightningcss', lightningcss: { targets } },
  build: {
    cssMinify: 'lightningcss',
    rollupOptions: {
      // zod's sources put /* @__PURE__ */ where Rollup cannot use it; Rollup drops the comment and
      // says so for each file, on every build. Nothing here to act on, so only other logs print.
      // (onLog, not onwarn: SvelteKit sets its own onwarn, which replaces one given here.)
      onLog(level, log, handler) {
        if (log.code === 'INVALID_ANNOTATION' && log.id?.includes('/node_modules/')) return;
        handler(level, log);
      },
    },
  },
  ssr: {
    // Kit needs cookie@0.6 (nested under @sveltejs/kit), but fastify hoists cookie@2 to the root,
    // which lacks `parse`; externalised, the server bundle would resolve the root copy and the
    // fallback-page step of `vite build` would crash. Bundling resolves Kit's own copy.
    noExternal: ['cookie'],
  },
});
