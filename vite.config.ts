import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	ssr: {
		// Kit needs cookie@0.6 (nested under @sveltejs/kit), but fastify hoists cookie@2 to the root,
		// which lacks `parse`; externalised, the server bundle would resolve the root copy and the
		// fallback-page step of `vite build` would crash. Bundling resolves Kit's own copy.
		noExternal: ['cookie']
	}
});
