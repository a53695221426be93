import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  // Scripts only: the Svelte compiler reads the <style> blocks itself, and Vite then hands its CSS
  // to Lightning CSS. Preprocessed styles would reach Lightning CSS first, with the :global() it
  // does not know (a warning per selector, every build); no component uses lang="scss" or the like.
  preprocess: vitePreprocess({ style: false }),
  kit: {
    // SPA: every unknown path falls back to index.html, the relay serves build/. Precompressed
    // .br and .gz copies let the relay send a fraction of the bytes without compressing per request.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', precompress: true }),
    // The app lives in app/ so the root can hold relay/, model/ etc. side by side.
    files: {
      src: 'app/src',
      routes: 'app/src/routes',
      lib: 'app/src/lib',
      appTemplate: 'app/src/app.html',
      assets: 'app/static',
      serviceWorker: 'app/src/service-worker',
    },
    // Registered by app/src/lib/pwa, which also offers the reload when a new version waits.
    serviceWorker: { register: false },
  },
};

export default config;
